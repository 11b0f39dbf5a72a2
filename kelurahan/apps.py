from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KelurahanConfig(AppConfig):
    name = "kelurahan"
    verbose_name = _("Desa/Kelurahan Binaan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kelurahan import audit, checks  # noqa: F401 (checks registers itself)
        from kelurahan.public import cache

        audit.register_models()
        cache.connect_signals()  # cached public pages go stale when what they show changes
