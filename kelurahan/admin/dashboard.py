"""The office's coverage dashboard on the admin index, and the recap page with its downloads.

kelurahan.admin_site.BinaanAdminSite calls `index_context` from its index view and adds
`recap_urls` to the admin's URLs (see that module for why a site class).
"""

import datetime
from functools import partial
from typing import cast
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kelurahan.admin.rollout import steps_from_row
from kelurahan.admin.svgcharts import Bar, BarChart
from kelurahan.exports.csv import recap_csv_lines
from kelurahan.exports.xlsx import recap_title, recap_workbook
from kelurahan.selectors import coverage, inbox, recap, rollout

FIRST_YEAR = 2024  # the programme started in Jakarta Pusat in June 2024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _list_query(dashboard: coverage.CoverageDashboard, **extra) -> str:
    """The query string of the same kecamatan and order, with `extra` (such as a page)."""
    query = {"kecamatan": dashboard.selected_kecamatan, "o": dashboard.order, **extra}
    return urlencode({key: value for key, value in query.items() if value})


def coverage_list_url(dashboard: coverage.CoverageDashboard, **extra) -> str:
    """The complete list of the office's kelurahan, with the same kecamatan and order."""
    query = _list_query(dashboard, **extra)
    url = reverse("admin:kelurahan_coverage_list")
    return f"{url}?{query}" if query else url


def _link_rows(dashboard: coverage.CoverageDashboard) -> None:
    """Give each row of the coverage table the address of its kelurahan's change page."""
    for row in dashboard.rows:
        row.change_url = reverse("admin:kelurahan_kelurahan_change", args=[row.pk])


def _headers(selected_order: str, kecamatan) -> list[dict]:
    """Table headers: sortable ones link to the same page sorted by them, the filter kept."""
    labels = [
        ("name", _("Kelurahan")),
        ("kecamatan", _("Kecamatan")),
        ("binaan", _("Binaan")),
        ("", _("Liaison officer")),
        ("", _("Needs attention")),
        ("last_session", _("Last session held")),
        ("quarter", _("Sessions this quarter")),
        ("residents", _("Residents reached")),
        ("open", _("Open reports")),
        ("overdue", _("Overdue reports")),
    ]
    headers = []
    for key, label in labels:
        sort = None
        if key and selected_order == key:
            sort = "ascending"
        elif key and selected_order == f"-{key}":
            sort = "descending"
        query = {"o": f"-{key}" if sort == "ascending" else key}
        if kecamatan:
            query["kecamatan"] = kecamatan
        url = "?" + urlencode(query) if key else ""
        headers.append({"label": label, "url": url, "sort": sort})
    return headers


def _charts(dashboard: coverage.CoverageDashboard) -> list[BarChart]:
    months = BarChart(
        chart_id="chart-sessions",
        title=_("Sessions held per month"),
        description=_("Outreach sessions held in each of the last 12 months."),
        bars=[Bar(date_format(day, "M Y"), n) for day, n in dashboard.sessions_per_month],
        label_heading=_("Month"),
        value_heading=_("Sessions held"),
    )
    residents = BarChart(
        chart_id="chart-residents",
        title=_("Residents reached per kecamatan"),
        description=_("Total attendance of all held sessions, per kecamatan."),
        bars=[Bar(k.name, k.residents) for k in dashboard.kecamatan],
        label_heading=_("Kecamatan"),
        value_heading=_("Residents reached"),
    )
    return [months, residents]


def _designation_chart(progress: rollout.Rollout) -> BarChart:
    return BarChart(
        chart_id="chart-designations",
        title=_("Binaan kelurahan over time"),
        description=_("Kelurahan designated binaan by the end of each quarter."),
        bars=[
            Bar(_("Q%(number)d %(year)d") % {"number": p.number, "year": p.year}, n)
            for p, n in progress.designations
        ],
        label_heading=_("Quarter"),
        value_heading=_("Binaan kelurahan"),
    )


def _rollout_links(progress: rollout.Rollout) -> None:
    """Give each figure of the rollout table the kelurahan changelist showing those rows."""
    changelist = reverse("admin:kelurahan_kelurahan_changelist")
    for row in [*progress.rows, progress.total]:
        row.links = {}
        for state in rollout.STATES:
            query: dict[str, object] = {"rollout": state}
            if row.kecamatan_id:
                query["kecamatan__id__exact"] = row.kecamatan_id
            row.links[state] = f"{changelist}?{urlencode(query)}"


def rollout_context(user) -> dict:
    """The rollout against its targets and the next steps of designated kelurahan."""
    progress = rollout.rollout_progress(user)
    _rollout_links(progress)
    steps_count, steps_rows = rollout.steps_left(user)
    for row in steps_rows:
        row.steps = steps_from_row(row)
    return {
        "rollout": progress,
        "rollout_chart": _designation_chart(progress),
        "next_steps_count": steps_count,
        "next_steps_rows": steps_rows,
    }


def index_context(request) -> dict:
    """The dashboard for the admin index, scoped to the user's office: inbox first."""
    kecamatan = request.GET.get("kecamatan", "")
    dashboard = coverage.coverage_dashboard(
        request.user, kecamatan=kecamatan, order=request.GET.get("o", "")
    )
    _link_rows(dashboard)
    return {
        "inbox": inbox.office_inbox(request.user),
        "coverage": dashboard,
        "coverage_headers": _headers(dashboard.order, dashboard.selected_kecamatan),
        "coverage_charts": _charts(dashboard),
        "coverage_list_url": coverage_list_url(dashboard),
        "stale_days": coverage.STALE_DAYS,
        "overdue_days": settings.REPORT_OVERDUE_DAYS,
        **rollout_context(request.user),
    }


def _page_links(listing: coverage.CoverageDashboard) -> dict:
    page = listing.page
    assert page is not None  # the complete list always has a page
    return {
        "previous_url": page.previous and coverage_list_url(listing, page=page.previous),
        "next_url": page.next and coverage_list_url(listing, page=page.next),
    }


def coverage_list_page(request, *, site):
    """Every kelurahan of the office with its figures, LIST_PAGE_ROWS rows a page."""
    listing = coverage.coverage_list(
        request.user,
        kecamatan=request.GET.get("kecamatan", ""),
        order=request.GET.get("o", ""),
        page=request.GET.get("page", ""),
    )
    _link_rows(listing)
    assert listing.page is not None  # the complete list always has a page
    context = {
        **site.each_context(request),
        "title": _("All kelurahan of the office"),
        "coverage": listing,
        "coverage_headers": _headers(listing.order, listing.selected_kecamatan),
        "first_row": listing.page.offset + 1,
        "last_row": listing.page.offset + len(listing.rows),
        "stale_days": coverage.STALE_DAYS,
        "overdue_days": settings.REPORT_OVERDUE_DAYS,
        **_page_links(listing),
    }
    return TemplateResponse(request, "admin/kelurahan/coverage_list.html", context)


class RecapForm(forms.Form):
    """The period and grouping of a recap; sent by GET so every download is a plain link."""

    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        choices=[(recap.MONTH, gettext_lazy("Month")), (recap.QUARTER, gettext_lazy("Quarter"))],
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month"), coerce=int, choices=sorted(MONTHS.items())
    )
    quarter = forms.TypedChoiceField(label=gettext_lazy("Quarter"), coerce=int)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    group = forms.ChoiceField(
        label=gettext_lazy("Rows"),
        choices=[
            (recap.BY_KELURAHAN, gettext_lazy("One row per kelurahan")),
            (recap.BY_KECAMATAN, gettext_lazy("One row per kecamatan")),
        ],
    )

    def __init__(self, data, *, today: datetime.date):
        defaults = {
            "period": recap.MONTH,
            "month": today.month,
            "quarter": (today.month - 1) // 3 + 1,
            "year": today.year,
            "group": recap.BY_KELURAHAN,
        }
        super().__init__({**defaults, **data.dict()})
        years = range(max(today.year, FIRST_YEAR), min(today.year, FIRST_YEAR) - 1, -1)
        cast(forms.ChoiceField, self.fields["year"]).choices = [(year, str(year)) for year in years]
        cast(forms.ChoiceField, self.fields["quarter"]).choices = [
            (n, _("Quarter %(number)d") % {"number": n}) for n in range(1, 5)
        ]

    def period_value(self) -> recap.Period:
        data = self.cleaned_data
        number = data["month"] if data["period"] == recap.MONTH else data["quarter"]
        return recap.Period(data["period"], data["year"], number)

    def query_string(self) -> str:
        return urlencode({name: self.cleaned_data[name] for name in self.fields})


def _recap_from(request):
    """The recap the GET parameters ask for, or None with the bound form when they are wrong."""
    form = RecapForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return form, None
    return form, recap.recap_for_user(request.user, form.period_value(), form.cleaned_data["group"])


def recap_page(request, *, site):
    """Pick a period and a grouping; see the totals; download the XLSX or CSV by a link."""
    form, summary = _recap_from(request)
    context = {
        **site.each_context(request),
        "title": _("Recap for reporting"),
        "form": form,
        "recap": summary,
    }
    if summary is not None:
        query = form.query_string()
        context["title_line"] = recap_title(summary)
        context["totals"] = list(zip(summary.columns, summary.totals, strict=True))
        context["xlsx_url"] = f"{reverse('admin:kelurahan_recap_xlsx')}?{query}"
        context["csv_url"] = f"{reverse('admin:kelurahan_recap_csv')}?{query}"
    return TemplateResponse(request, "admin/kelurahan/recap.html", context)


def _file_name(summary: recap.Recap, extension: str) -> str:
    return f"rekap-binaan-{summary.grouping}-{summary.period.slug}.{extension}"


def recap_xlsx(request, *, site):
    """The recap as a formatted workbook."""
    _form, summary = _recap_from(request)
    if summary is None:
        return recap_page(request, site=site)
    return FileResponse(
        recap_workbook(summary),
        as_attachment=True,
        filename=_file_name(summary, "xlsx"),
        content_type=XLSX_TYPE,
    )


def recap_csv(request, *, site):
    """The recap as CSV, streamed: the rows are written as they are read."""
    _form, summary = _recap_from(request)
    if summary is None:
        return recap_page(request, site=site)
    response = StreamingHttpResponse(
        recap_csv_lines(summary), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(summary, "csv")}"'
    return response


def recap_urls(site) -> list:
    """The recap page and its two downloads, each behind the admin's staff login."""
    return [
        path("rekap/", site.admin_view(partial(recap_page, site=site)), name="kelurahan_recap"),
        path(
            "rekap/xlsx/",
            site.admin_view(partial(recap_xlsx, site=site)),
            name="kelurahan_recap_xlsx",
        ),
        path(
            "cakupan/",
            site.admin_view(partial(coverage_list_page, site=site)),
            name="kelurahan_coverage_list",
        ),
        path(
            "rekap/csv/",
            site.admin_view(partial(recap_csv, site=site)),
            name="kelurahan_recap_csv",
        ),
    ]
