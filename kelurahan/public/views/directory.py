"""The region pages of the directory: /wilayah/<provinsi>/<kota>/<kecamatan>/.

Slugs are unique nationally, so each page is found by its own slug; a URL whose parents are
wrong (a typo, a region moved to a new province) is sent on permanently to the right one.
"""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from kelurahan.public.cache import public_page
from kelurahan.selectors import regions


def _canonical(given: dict, context: dict) -> dict:
    """The URL kwargs of the page's real place: the region slugs of the context."""
    return {name: context[name].slug for name in given}


@public_page
@require_safe
def provinsi(request, provinsi):
    return render(request, "public/provinsi.html", regions.provinsi_page(provinsi))


@public_page
@require_safe
def kota(request, provinsi, kota):
    context = regions.kota_page(kota)
    given = {"provinsi": provinsi, "kota": kota}
    if (right := _canonical(given, context)) != given:
        return redirect("public:kota", permanent=True, **right)
    return render(request, "public/kota.html", context)


@public_page
@require_safe
def kecamatan(request, provinsi, kota, kecamatan):
    context = regions.kecamatan_page(kecamatan)
    given = {"provinsi": provinsi, "kota": kota, "kecamatan": kecamatan}
    if (right := _canonical(given, context)) != given:
        return redirect("public:kecamatan", permanent=True, **right)
    return render(request, "public/kecamatan.html", context)
