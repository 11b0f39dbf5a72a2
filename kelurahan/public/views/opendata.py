"""Open data for residents and journalists: /data/ with its CSV and JSON files."""

import csv

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from kelurahan.exports.cells import csv_row
from kelurahan.public.cache import public_page
from kelurahan.selectors import datapackage
from kelurahan.selectors import opendata as selectors

ONE_HOUR = 3600


@public_page
@require_safe
def opendata_page(request):
    """The data sets explained in plain language, with the data dictionary."""
    return render(request, "public/opendata.html", selectors.data_dictionary())


def _csv_response(filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(csv_row(header))
    # Names come from staff: text a spreadsheet would run is written as text.
    writer.writerows(csv_row(row) for row in rows)
    return response


@public_page
@require_safe
@cache_control(public=True, max_age=ONE_HOUR)
def statistics_csv(request):
    """Sessions per kelurahan and month, one column per topic."""
    data = selectors.open_data()
    topic_columns = [topic["column"] for topic in data["topics"]]
    names = [name for name, _meaning, _type in selectors.SESSION_COLUMNS]
    header = names[:5] + topic_columns + names[5:]
    rows = [
        [row["kode_wilayah"], row["kelurahan"], row["kecamatan"], row["month"]]
        + [row["sessions_held"]]
        + [row["topics"][topic["slug"]] for topic in data["topics"]]
        + [row["attendance_men"], row["attendance_women"], row["attendance_total"]]
        + [row["passport_applications_served"], row["passport_applications_delayed"]]
        for row in data["rows"]
    ]
    return _csv_response("statistik.csv", header, rows)


@public_page
@require_safe
@cache_control(public=True, max_age=ONE_HOUR)
def reports_csv(request):
    """Reports and tips received per office and month, counts under 5 shown as "<5"."""
    header = [name for name, _meaning, _type in selectors.REPORT_COLUMNS]
    rows = [[row[name] for name in header] for row in selectors.report_rows()]
    return _csv_response("laporan.csv", header, rows)


@public_page
@require_safe
@cache_control(public=True, max_age=ONE_HOUR)
def statistics_json(request):
    """Both data sets in one document, with a "meta" block describing them."""
    data = selectors.open_data()
    meta = {
        "generated_at": data["generated_at"].isoformat(timespec="seconds"),
        "licence": data["licence"],
        "licence_url": data["licence_url"],
        "source": data["source"],
        "dictionary": request.build_absolute_uri(reverse("public:opendata")),
        "topics": {topic["slug"]: topic["name"] for topic in data["topics"]},
        "suppressed": selectors.SUPPRESSED,
        "datapackage": request.build_absolute_uri(reverse("public:opendata_datapackage")),
    }
    document = {"meta": meta, "rows": data["rows"], "reports": data["reports"]}
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})


@public_page
@require_safe
@cache_control(public=True, max_age=ONE_HOUR)
def datapackage_json(request):
    """The Frictionless data package describing the three files (selectors/datapackage.py)."""
    descriptor = datapackage.datapackage(
        homepage=request.build_absolute_uri(reverse("public:opendata")),
        created=timezone.now().isoformat(timespec="seconds"),
    )
    return JsonResponse(
        descriptor,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
        content_type="application/json",
    )
