"""Values every template needs: the site name and the office's hotlines, the language links."""

from django.conf import settings

from binaan.language import language_links
from kelurahan.hotlines import HOTLINES


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "HOTLINES": HOTLINES}


def language_switch(request):
    """Public pages offer the other language as plain links (no form, no CSRF cookie).

    Officer pages and error pages keep the switch form (templates/includes/_language_switch.html).
    """
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "public":
        return {}
    return {"language_links": language_links(request)}
