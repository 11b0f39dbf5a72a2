"""Public hotlines shown on every public page: the one place they are written down."""

from typing import Any

from django.utils.translation import gettext_lazy as _

HOTLINES: list[dict[str, Any]] = [
    {
        "name": "SAPA 129",
        "what": _("Violence against women and children, including trafficking (KemenPPPA)"),
        "contact": "129",
        "href": "tel:129",
        "whatsapp": "08111-129-129",
        "whatsapp_href": "https://wa.me/628111129129",
    },
    {
        "name": _("Police"),
        "what": _("Emergencies and crimes in progress"),
        "contact": "110",
        "href": "tel:110",
    },
    {
        "name": "LAPOR!",
        "what": _("The national public complaints service"),
        "contact": "lapor.go.id · SMS 1708",
        "href": "https://www.lapor.go.id/",
    },
]
