"""The page that shows a resident's receipt code, for a report or a question filed for them."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from kelurahan.services.tips import format_receipt


def public_url(request, name: str) -> str:
    """A public page's full address in Indonesian, whatever language the officer reads."""
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse(name))


def receipt_page(request, template: str, code: str, status_page: str, context: dict):
    """The one page that ever shows the resident's receipt code; never stored or cached."""
    context = {
        **context,
        "receipt": format_receipt(code),
        "status_url": public_url(request, status_page),
    }
    response = render(request, template, context)
    add_never_cache_headers(response)
    return response
