"""Every URL pattern has an audience, and every public, officer and special URL answers each
role as it should: another kelurahan's records and residents' tips are 404 for officers.

The classification lives in tests/support/accessmatrix.py; the admin's URLs are checked in
tests/admin/test_admin_matrix.py.
"""

import pytest
from django.urls import reverse, reverse_lazy
from django.utils import translation

from tests.support import accessmatrix as am
from tests.support.accessmatrix import (
    NOT_ALLOWED,
    NOT_FOUND,
    OFFICER_FORBIDDEN,
    OK,
    TO_OFFICER_LOGIN,
    Case,
    Expect,
    everyone,
    roles,
)
from tests.support.adminmatrix import covered_admin_keys

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_second_factor")]


def kelurahan(world):
    return {"slug": world.kebon_kosong.slug}


def session(world):
    return {"pk": world.session.pk}


def hidden_session(world):
    return {"pk": world.hidden_session.pk}


def faq_entry(world):
    return {"pk": world.faq_entry.pk}


def hidden_faq_entry(world):
    return {"pk": world.hidden_faq_entry.pk}


def draft(world):
    return {"pk": world.draft_report.pk}


def submitted(world):
    return {"pk": world.report.pk}


def tip(world):
    return {"pk": world.tip.pk}


def question(world):
    return {"pk": world.question.pk}


def resident_question(world):
    return {"pk": world.resident_question.pk}


def regions(world):
    """Kebon Kosong's province, city and kecamatan, as the region pages' URL kwargs."""
    kecamatan = world.kebon_kosong.kecamatan
    return {
        "provinsi": kecamatan.kota.provinsi.slug,
        "kota": kecamatan.kota.slug,
        "kecamatan": kecamatan.slug,
    }


def region_kwargs(*names):
    return lambda world: {name: regions(world)[name] for name in names}


def with_format(kwargs, fmt):
    return lambda world: {**kwargs(world), "fmt": fmt}


# Kelurahan officers: both see their own pages; the office's staff are not officers.
OFFICER_PAGE = {
    "anonymous": TO_OFFICER_LOGIN,
    "officer_kk": OK,
    "officer_gambir": OK,
    "staff": OFFICER_FORBIDDEN,
    "other_staff": OFFICER_FORBIDDEN,
    "superuser": OFFICER_FORBIDDEN,
}
# A Kebon Kosong record: Gambir's officer gets a 404, never a 403 or the page.
KK_RECORD = roles(OFFICER_PAGE, officer_gambir=NOT_FOUND)
# A refused POST, by everyone but the record's own officer.
KK_RECORD_POST = {role: e for role, e in KK_RECORD.items() if role != "officer_kk"}
OFFICER_POST = {role: e for role, e in OFFICER_PAGE.items() if not role.startswith("officer")}
BACK_TO_REPORT = Expect(302, "/petugas/laporan/{pk}/")
# A resident's tip is the office's, never the kelurahan's: 404 for its own officer too.
TIP = roles(KK_RECORD, officer_kk=NOT_FOUND)
SESSION_FORMS = {
    "officer:session_edit": {"title": "Diubah", "venue": "Balai Warga"},
    "officer:session_held": {"attendance_total": "12", "summary": "Ringkasan"},
    "officer:session_cancel": {"reason": "Hujan lebat"},
}
REPORT_FORMS = {
    "officer:report_edit": {"observed": "Diubah", "action": "submit"},
    "officer:report_submit": {},
}

PUBLIC_PAGES = (
    "public:home",
    "public:directory",
    "public:articles",
    "public:accessibility",
    "public:calendar",
    "public:opendata",
    "public:opendata_csv",
    "public:opendata_json",
    "public:opendata_reports_csv",
    "public:opendata_datapackage",
    "public:sessions_rss",
    "public:sessions_atom",
    "public:tip",
    "public:tip_status",
    "public:privacy",
    "public:question_ask",
    "public:question_status",
    "public:faq",
)
SESSION_PAGES = (
    ("public:session", session),
    ("public:session_calendar", session),
    ("public:session_qr", with_format(session, "svg")),
    ("public:session_attendance_sheet", session),
)
OFFICER_PAGES = (
    "officer:dashboard",
    "officer:password_change",
    "officer:password_change_done",
    "officer:session_list",
    "officer:session_create",
    "officer:report_list",
    "officer:report_create",
    "officer:question_list",
    "officer:question_create",
)

CASES = [
    *(Case(name, everyone(OK)) for name in PUBLIC_PAGES),
    Case("public:kelurahan", everyone(OK), kelurahan),
    Case("public:kelurahan_calendar", everyone(OK), kelurahan),
    Case("public:kelurahan_poster", everyone(OK), kelurahan),
    Case("public:kelurahan_qr", everyone(OK), with_format(kelurahan, "png")),
    Case(
        "public:short",
        everyone(Expect(301, "/kelurahan/kebon-kosong/")),
        lambda world: {"kode": world.kebon_kosong.short_code},
    ),
    Case("public:article", everyone(OK), lambda world: {"slug": world.article.slug}),
    Case("public:article_print", everyone(OK), lambda world: {"slug": world.article.slug}),
    Case("public:faq_entry", everyone(OK), faq_entry),
    Case("public:faq_entry_print", everyone(OK), faq_entry),
    # An answer staff have not published (or withdrew) is not public, whoever asks.
    Case("public:faq_entry", everyone(NOT_FOUND), hidden_faq_entry, label="unpublished"),
    Case("public:faq_entry_print", everyone(NOT_FOUND), hidden_faq_entry, label="unpublished"),
    Case("public:provinsi", everyone(OK), region_kwargs("provinsi")),
    Case("public:kota", everyone(OK), region_kwargs("provinsi", "kota")),
    Case("public:kecamatan", everyone(OK), region_kwargs("provinsi", "kota", "kecamatan")),
    *(Case(name, everyone(OK), kwargs) for name, kwargs in SESSION_PAGES),
    # A session the office has not published is not public, whoever asks.
    *(
        Case(name, everyone(NOT_FOUND), kwargs, label="unpublished")
        for name, kwargs in (
            ("public:session", hidden_session),
            ("public:session_calendar", hidden_session),
            ("public:session_qr", with_format(hidden_session, "png")),
            ("public:session_attendance_sheet", hidden_session),
        )
    ),
    # Read-only public pages refuse to be posted to.
    Case("public:kelurahan", everyone(NOT_ALLOWED), kelurahan, method="post"),
    Case("public:session", everyone(NOT_ALLOWED), session, method="post"),
    Case("public:privacy", everyone(NOT_ALLOWED), method="post"),
    Case("public:faq", everyone(NOT_ALLOWED), method="post"),
    Case("public:faq_entry", everyone(NOT_ALLOWED), faq_entry, method="post"),
    Case("public:faq_entry_print", everyone(NOT_ALLOWED), faq_entry, method="post"),
    Case(
        "public:article_print",
        everyone(NOT_ALLOWED),
        lambda world: {"slug": world.article.slug},
        method="post",
    ),
    # Special: the language switch, robots.txt, the sitemap, logging in and out.
    Case(
        "set_language",
        everyone(Expect(302, "/en/kelurahan/")),
        method="post",
        data={"language": "en", "next": "/kelurahan/"},
    ),
    Case("robots_txt", everyone(OK)),
    Case("healthz", everyone(OK)),
    Case("sitemap", everyone(OK)),
    Case("sitemap_section", everyone(OK), lambda world: {"section": "kelurahan"}),
    Case("officer:login", roles(everyone(Expect(302, "/petugas/")), anonymous=OK)),
    Case("officer:logout", everyone(NOT_ALLOWED)),
    *(
        Case(name, everyone(OK))
        for name in ("officer:password_reset", "officer:password_reset_done")
    ),
    Case("officer:password_set_done", everyone(OK)),
    # A made-up link: the page says it no longer works, to everyone.
    Case("officer:password_set", everyone(OK), lambda world: {"uidb64": "MQ", "token": "x-y"}),
    Case("officer:logout", everyone(Expect(302, "/")), method="post"),
    # Officer pages without a record, then Kebon Kosong's records.
    *(Case(name, OFFICER_PAGE) for name in OFFICER_PAGES),
    *(Case(name, OFFICER_POST, method="post") for name in OFFICER_PAGES),
    Case("officer:session_detail", KK_RECORD, session),
    Case("officer:session_edit", KK_RECORD, session),
    Case("officer:session_held", KK_RECORD, session),
    Case("officer:session_cancel", KK_RECORD, session),
    *(Case(name, KK_RECORD_POST, session, "post", data) for name, data in SESSION_FORMS.items()),
    Case("officer:report_detail", KK_RECORD, draft, label="draft"),
    Case("officer:report_edit", KK_RECORD, draft, label="draft"),
    Case(
        "officer:report_submit",
        roles(KK_RECORD, officer_kk=BACK_TO_REPORT),
        draft,
        "get",
        {},
        "draft",
    ),
    *(
        Case(name, KK_RECORD_POST, draft, "post", data, "draft")
        for name, data in REPORT_FORMS.items()
    ),
    Case("officer:report_detail", KK_RECORD, submitted, label="submitted"),
    *(
        Case(name, roles(KK_RECORD, officer_kk=BACK_TO_REPORT), submitted, label="submitted")
        for name in ("officer:report_edit", "officer:report_submit")
    ),
    *(
        Case(name, KK_RECORD_POST, submitted, "post", data, "submitted")
        for name, data in REPORT_FORMS.items()
    ),
    # Residents' tips about Kebon Kosong.
    *(
        Case(name, TIP, tip, label="tip")
        for name in ("officer:report_detail", "officer:report_edit", "officer:report_submit")
    ),
    *(Case(name, TIP, tip, "post", data, "tip") for name, data in REPORT_FORMS.items()),
    # Questions: one an officer relayed from Kebon Kosong, one a resident asked at /tanya/
    # (as private as a tip: 404 for the kelurahan's own officer too).
    Case("officer:question_detail", KK_RECORD, question, label="relayed"),
    Case("officer:question_detail", TIP, resident_question, label="resident"),
]


def passport_day(world):
    return {"pk": world.passport_day.pk}


def passport_request(world):
    return {"pk": world.passport_request.pk}


# Passport service days: the officer's list and request form, and the accepted day in public;
# a request the office has not accepted is not public, whoever asks.
CASES += [
    *(Case(name, OFFICER_PAGE) for name in ("officer:passport_list", "officer:passport_create")),
    Case("officer:passport_create", OFFICER_POST, method="post"),
    Case("public:passport_days", everyone(OK)),
    Case("public:passport_days", everyone(NOT_ALLOWED), method="post"),
    *(
        Case(name, everyone(OK), passport_day)
        for name in ("public:passport_day", "public:passport_day_notice")
    ),
    *(
        Case(name, everyone(NOT_FOUND), passport_request, label="not accepted")
        for name in ("public:passport_day", "public:passport_day_notice")
    ),
]


@pytest.fixture
def world(access_matrix_world, db):
    return access_matrix_world


@pytest.mark.parametrize(("case", "role"), am.pairs(CASES))
def test_url_answers_role(client, world, case, role):
    response, kwargs = case.send(client, world, role)
    case.expect[role].check(response, kwargs)


def test_every_url_pattern_is_classified():
    unclassified = {
        key: pattern for key, pattern in am.url_patterns().items() if am.classify(key) is None
    }
    listing = "\n".join(f"  {key!r}: {pattern!r}" for key, pattern in sorted(unclassified.items()))
    assert not unclassified, am.UNCLASSIFIED_HELP + listing


def test_classification_names_only_existing_patterns():
    present = am.url_patterns()
    stale = set(am.CLASSIFICATION) - set(present) - am.DEBUG_ONLY
    assert not stale, f"Classified but no longer in the URLconf; remove them: {sorted(stale)}"


def test_every_classified_url_is_in_a_matrix():
    checked = {case.name for case in CASES} | covered_admin_keys()
    # A DEBUG-only pattern is there when an earlier test first loaded the URLconf with DEBUG on.
    missing = sorted(set(am.url_patterns()) - checked - am.DEBUG_ONLY)
    assert not missing, f"Classified but never requested by a role: {missing}"


def test_officer_pages_in_english_scope_the_same(client, world):
    """/en/petugas/... is the same view: Gambir's officer still gets 404 on Kebon Kosong's."""
    with translation.override("en"):
        url = reverse("officer:session_detail", kwargs=session(world))
    assert url.startswith("/en/petugas/")
    assert client.get(url)["Location"].startswith("/en/petugas/masuk/")
    world.login(client, "officer_gambir")
    assert client.get(url).status_code == 404


# What the pages list, beyond their status: records outside a role's reach never appear.

OFFICER_LISTS = ("officer:dashboard", "officer:session_list", "officer:report_list")
PUBLIC_LISTS = (
    reverse_lazy("public:home"),
    reverse_lazy("public:kelurahan", kwargs={"slug": "kebon-kosong"}),
    reverse_lazy("public:calendar"),
    reverse_lazy("public:kelurahan_calendar", kwargs={"slug": "kebon-kosong"}),
    reverse_lazy("public:sessions_rss"),
    reverse_lazy("public:sessions_atom"),
    reverse_lazy("sitemap"),
)


def page_text(client, urls) -> str:
    return "".join(b"".join(client.get(str(url))).decode() for url in urls)


def test_officer_lists_show_only_own_kelurahan_and_no_tips(client, world):
    urls = [reverse(name) for name in OFFICER_LISTS]
    world.login(client, "officer_gambir")
    gambir = page_text(client, urls)
    world.login(client, "officer_kk")
    kebon_kosong = page_text(client, urls)
    assert world.session.title in kebon_kosong
    assert world.report.reference in kebon_kosong
    assert world.tip.reference not in kebon_kosong
    for record in (world.session.title, world.report.reference, world.tip.reference):
        assert record not in gambir


@pytest.mark.parametrize("role", ["anonymous", "officer_kk", "superuser"])
def test_public_lists_never_show_an_unpublished_session(client, world, role):
    world.login(client, role)
    text = page_text(client, PUBLIC_LISTS)
    assert world.session.title in text
    assert world.hidden_session.title not in text
    assert f"/sosialisasi/{world.hidden_session.pk}/" not in text
