"""Public pages at /, split by what they show; kelurahan/public/urls.py maps them to URLs."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from kelurahan.public.cache import public_page


def template_page(template: str, context):
    """A cached, read-only page: `template` with what `context(**url_arguments)` gives."""

    @public_page
    @require_safe
    def view(request, **url_arguments):
        return render(request, template, context(**url_arguments))

    return view
