"""Fuzzing the query strings of the staff dashboard (?kecamatan=, ?o=) and the recap
(?period=, ?month=, ?quarter=, ?year=, ?group=) with its CSV and XLSX downloads.

The admin pages cost 20 ms or more, so DIRECT_EXAMPLES (800) inputs per page go through the
code that reads them (dashboard.index_context with a RequestFactory request; RecapForm and the
recap it selects) and VIEW_EXAMPLES (200) through the real admin views: 1,000 per page.
Any query string must give a page (an unknown filter falls back to all, a wrong period shows
the form with its error), never a server error, and never write a row.
"""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from kelurahan.admin import dashboard
from kelurahan.selectors import coverage, recap
from tests.fuzz.harness import (
    INPUTS,
    changed_tables,
    page_text,
    record,
    rolled_back,
    send,
    shows_error,
    table_counts,
)
from tests.fuzz.strategies import (
    DIRECT_EXAMPLES,
    FUZZ_DIRECT,
    FUZZ_VIEWS,
    choice,
    form_data,
    number_text,
    querydict,
)
from tests.support import factories

pytestmark = pytest.mark.fuzz
SORT_KEYS = [*coverage.SORTS, *(f"-{key}" for key in coverage.SORTS), ""]


def _dashboard_params(kecamatan_ids):
    return form_data(
        {"kecamatan": choice(["", *kecamatan_ids]), "o": choice(SORT_KEYS)},
        tamper={"p": number_text, "q": number_text, "all": st.just("")},
    )


def _recap_params():
    return form_data(
        {
            "period": choice([recap.MONTH, recap.QUARTER]),
            "month": choice(range(1, 13)),
            "quarter": choice(range(1, 5)),
            "year": choice(range(2023, timezone.localdate().year + 2)),
            "group": choice([recap.BY_KELURAHAN, recap.BY_KECAMATAN]),
        },
        tamper={"office": number_text, "format": st.just("xlsx")},
    )


@pytest.fixture
def staff_world(world, staff_user, superuser):
    """Some activity to count, and the users who see the dashboard."""
    factories.held_session(world.kelurahan, by=world.user)
    factories.report(world.kelurahan, filed_by=world.user)
    ids = [str(world.kelurahan.kecamatan_id), str(world.other_kelurahan.kecamatan_id)]
    return {"users": [staff_user, superuser], "kecamatan": ids}


def test_dashboard_filters_survive_any_query(staff_world):
    key = "admin: dashboard filters"
    factory = RequestFactory()

    @FUZZ_DIRECT
    @given(params=_dashboard_params(staff_world["kecamatan"]), who=st.sampled_from([0, 1]))
    def run(params, who):
        record(key, "direct")
        request = factory.get("/admin/", params)
        request.user = staff_world["users"][who]
        with rolled_back():
            before = table_counts()
            context = dashboard.index_context(request)
            board = context["coverage"]
            assert board.order in SORT_KEYS
            kecamatan = {k.pk for k in board.kecamatan}
            assert board.selected_kecamatan is None or board.selected_kecamatan in kecamatan
            assert not changed_tables(before, table_counts())

    run()
    assert INPUTS[(key, "direct")] >= DIRECT_EXAMPLES


def test_dashboard_page_survives_any_query(staff_world):
    key = "admin: dashboard filters"
    clients = []
    for user in staff_world["users"]:
        clients.append(Client())
        clients[-1].force_login(user)

    @FUZZ_VIEWS
    @given(params=_dashboard_params(staff_world["kecamatan"]), who=st.sampled_from([0, 1]))
    def run(params, who):
        record(key, "view")
        with rolled_back():
            before = table_counts()
            response = send(key, clients[who], "get", reverse("admin:index"), params)
            assert response.status_code == 200
            assert not changed_tables(before, table_counts())

    run()


def test_recap_form_survives_any_query(staff_world):
    key = "admin: recap period"

    @FUZZ_DIRECT
    @given(params=_recap_params(), who=st.sampled_from([0, 1]))
    def run(params, who):
        record(key, "direct")
        with rolled_back():
            before = table_counts()
            form = dashboard.RecapForm(querydict(params), today=timezone.localdate())
            if form.is_valid():
                user = staff_world["users"][who]
                summary = recap.recap_for_user(
                    user, form.period_value(), form.cleaned_data["group"]
                )
                rows = list(summary.rows())
                assert len(summary.totals) == len(summary.columns)
                assert all(len(row) == len(summary.columns) for row in rows)
                assert form.query_string()
            else:
                assert form.errors
            assert not changed_tables(before, table_counts())

    run()
    assert INPUTS[(key, "direct")] >= DIRECT_EXAMPLES


def test_recap_pages_survive_any_query(staff_world):
    key = "admin: recap period"
    client = Client()
    client.force_login(staff_world["users"][0])
    pages = st.sampled_from(["admin:kelurahan_recap"] * 4 + ["admin:kelurahan_recap_csv"] * 3)
    pages = st.one_of(pages, st.just("admin:kelurahan_recap_xlsx"))

    @FUZZ_VIEWS
    @given(params=_recap_params(), page=pages)
    def run(params, page):
        record(key, "view")
        with rolled_back():
            before = table_counts()
            response = send(key, client, "get", reverse(page), params)
            assert response.status_code == 200
            assert not changed_tables(before, table_counts())
            if not response.streaming:  # the page: its totals, or the form saying what is wrong
                html = page_text(response)
                assert response.context["recap"] is not None or shows_error(html)

    run()
