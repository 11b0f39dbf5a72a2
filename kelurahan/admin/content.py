"""Topics and the educational articles (edukasi) staff write for the public pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kelurahan.admin.base import ServiceSaveMixin, submitted
from kelurahan.models import Article, Topic
from kelurahan.services.content import article_save

ENGLISH_TITLE = _("English (optional)")
ENGLISH_DESCRIPTION = _(
    "For the English pages at /en/. Where a field is left empty, "
    "English readers see the Indonesian text."
)
ARTICLE_FIELDS = (
    "title",
    "slug",
    "topic",
    "summary",
    "share_text",
    "body",
    "is_published",
    "published_at",
)


def english_fieldset(*fields: str) -> tuple:
    """A collapsed fieldset for the optional English versions of staff-written text."""
    options = {"fields": fields, "classes": ("collapse",), "description": ENGLISH_DESCRIPTION}
    return (ENGLISH_TITLE, options)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = ((None, {"fields": ("name", "slug", "order")}), english_fieldset("name_en"))


@admin.register(Article)
class ArticleAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("title", "topic", "is_published", "published_at", "updated_at")
    list_filter = ("topic", "is_published")
    list_select_related = ("topic",)
    search_fields = ("title", "summary", "body", "title_en")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("topic",)
    readonly_fields = ("published_at", "updated_at")
    fieldsets = (
        (None, {"fields": ARTICLE_FIELDS}),
        english_fieldset("title_en", "summary_en", "share_text_en", "body_en"),
    )

    def save_through_service(self, request, form, change):
        """Through article_save, which stamps the first publication."""
        article = form.instance if change else None
        return article_save(article=article, by=request.user, **submitted(form, change))
