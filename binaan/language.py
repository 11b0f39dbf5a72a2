"""The language switch: the same page in the other language, from Indonesian or from English."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.views.decorators.csrf import csrf_protect
from django.views.i18n import set_language as django_set_language


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
