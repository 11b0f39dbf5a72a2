"""Passport service days for residents: the list, one day, and its printable notice."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from kelurahan.printing.passport_notice import build_passport_notice
from kelurahan.public.cache import public_page
from kelurahan.selectors import passport as selectors


@public_page
@require_safe
def passport_days(request):
    """/layanan-paspor/: upcoming service days and what to bring."""
    return render(request, "public/layanan_paspor/index.html", selectors.passport_days_page())


@public_page
@require_safe
def passport_day(request, pk):
    return render(request, "public/layanan_paspor/detail.html", selectors.passport_day_page(pk))


@require_safe
def passport_day_notice(request, pk):
    """The A4 notice to print and pin up, with the QR code of the day's page."""
    day = selectors.passport_day_page(pk)["day"]
    with translation.override("id"):
        url = request.build_absolute_uri(day.get_absolute_url())
    response = HttpResponse(build_passport_notice(day=day, url=url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="layanan-paspor-{pk}.pdf"'
    return response
