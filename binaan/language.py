"""The language switch: the same page in the other language, from Indonesian or from English.

Public pages switch with plain links (`language_links`): no form, no CSRF token and no cookie,
so they can be cached whole. Officer pages keep the form posting to `set_language`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.views.decorators.csrf import csrf_protect
from django.views.i18n import set_language as django_set_language


def language_links(request) -> list[tuple[str, str]]:
    """(code, address) of the same page, query string included, in each other language."""
    current = translation.get_language()
    path = request.get_full_path()
    return [
        (code, translate_url(path, code)) for code, _name in settings.LANGUAGES if code != current
    ]


@csrf_protect
def set_language(request):
    """Django's set_language, resolving `next` in its own language.

    /i18n/setlang/ has no language prefix, so LocaleMiddleware makes it Indonesian and Django
    cannot resolve an English `next` such as /en/kelurahan/x/: the reader would stay in English.
    """
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or ""
    try:
        path = urlsplit(next_url).path
    except ValueError:  # e.g. "//[": not a URL; Django's set_language then goes to "/"
        path = ""
    language = translation.get_language_from_path(path)
    with translation.override(language or settings.LANGUAGE_CODE):
        return django_set_language(request)
