"""Error pages switch language with plain links, never a form: no CSRF token, no cookie.

The header's language switch is a form posting to set_language on officer pages, and that form
sets a CSRF cookie. An error page can be shown anywhere, the tip line included, where no cookie
may be set, so these handlers give it the links public pages use.
"""

from urllib.parse import quote

from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation


def error_language_links(request) -> list[tuple[str, str]]:
    """The same address in each other language when it exists; else that language's home."""
    current = translation.get_language()
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        try:
            resolve(request.path_info)
            url = translate_url(path, code)
        except Resolver404:
            url = path
        if url == path:
            with translation.override(code):
                url = reverse("public:home")
        links.append((code, url))
    return links


def page_not_found(request, exception):
    context = {"request_path": quote(request.path), "language_links": error_language_links(request)}
    return render(request, "404.html", context, status=404)


def permission_denied(request, exception):
    return render(
        request, "403.html", {"language_links": error_language_links(request)}, status=403
    )
