"""Management commands: load_wilayah, the starter content of migration 0002, seed_demo."""

import csv
import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from kelurahan.management.commands.load_wilayah import DEFAULT_FILE
from kelurahan.models import (
    Article,
    AwarenessReport,
    Kecamatan,
    Kelurahan,
    KelurahanOfficer,
    LiaisonAssignment,
    LiaisonOfficer,
    OfficeStaff,
    OutreachSession,
    ReportUpdate,
)

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = ["admin", "staf.jakpus", "petugas.kebonkosong", "petugas.gambir"]


def run(command: str, *args, **options) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def shipped_rows() -> list[dict]:
    with DEFAULT_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path, rows: list[dict], columns=None):
    columns = columns or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def with_name(rows: list[dict], kode: str, name: str) -> list[dict]:
    return [{**row, "kelurahan": name} if row["kode_kelurahan"] == kode else row for row in rows]


# load_wilayah


def test_load_wilayah_creates_the_kecamatan_and_kelurahan_of_jakarta_pusat():
    output = run("load_wilayah")

    assert Kecamatan.objects.count() == 8
    assert Kelurahan.objects.count() == 44
    kebon_kosong = Kelurahan.objects.get(kode="31.71.03.1002")
    assert kebon_kosong.name == "Kebon Kosong"
    assert kebon_kosong.slug == "kebon-kosong"
    assert kebon_kosong.postal_code == "10630"
    assert kebon_kosong.kecamatan.name == "Kemayoran"
    assert kebon_kosong.office.slug == "kanim-jakarta-pusat"
    assert "8 created" in output and "44 created" in output


def test_load_wilayah_second_run_creates_nothing_and_reports_unchanged():
    run("load_wilayah")
    ids = set(Kelurahan.objects.values_list("pk", flat=True))

    output = run("load_wilayah")

    assert set(Kelurahan.objects.values_list("pk", flat=True)) == ids
    assert "0 created, 0 updated, 8 unchanged" in output
    assert "0 created, 0 updated, 44 unchanged" in output


def test_load_wilayah_updates_a_changed_name(tmp_path):
    run("load_wilayah")
    changed = write_csv(
        tmp_path / "wilayah.csv", with_name(shipped_rows(), "31.71.01.1002", "Cideng Baru")
    )

    output = run("load_wilayah", file=changed)

    assert Kelurahan.objects.get(kode="31.71.01.1002").name == "Cideng Baru"
    assert Kelurahan.objects.count() == 44
    assert "0 created, 1 updated, 43 unchanged" in output


def test_load_wilayah_keeps_the_public_slug_of_a_renamed_kelurahan(tmp_path):
    run("load_wilayah")
    changed = write_csv(
        tmp_path / "wilayah.csv", with_name(shipped_rows(), "31.71.01.1002", "Cideng Baru")
    )

    run("load_wilayah", file=changed)

    assert Kelurahan.objects.get(kode="31.71.01.1002").slug == "cideng"


def test_load_wilayah_names_the_line_of_a_malformed_code_and_changes_nothing(tmp_path):
    rows = shipped_rows()
    rows[4] = {**rows[4], "kode_kelurahan": "31.71.01.10X5"}
    broken = write_csv(tmp_path / "wilayah.csv", rows)

    with pytest.raises(CommandError, match="line 6"):
        run("load_wilayah", file=broken)

    assert Kelurahan.objects.count() == 0


def test_load_wilayah_refuses_a_csv_with_a_missing_column(tmp_path):
    columns = ["kode_kecamatan", "kecamatan", "kode_kelurahan", "kode_pos"]
    broken = write_csv(tmp_path / "wilayah.csv", shipped_rows(), columns=columns)

    with pytest.raises(CommandError, match="missing columns kelurahan"):
        run("load_wilayah", file=broken)

    assert Kelurahan.objects.count() == 0
    assert Kecamatan.objects.count() == 0


def test_load_wilayah_refuses_an_empty_value_and_changes_nothing(tmp_path):
    run("load_wilayah")
    rows = with_name(shipped_rows(), "31.71.01.1002", "Cideng Baru")
    rows[-1] = {**rows[-1], "kode_kelurahan": ""}
    broken = write_csv(tmp_path / "wilayah.csv", rows)

    with pytest.raises(CommandError, match="empty"):
        run("load_wilayah", file=broken)

    assert Kelurahan.objects.get(kode="31.71.01.1002").name == "Cideng"


# starter content (migration 0002)


def test_starter_articles_are_published_after_migrations():
    published = Article.objects.published()
    bodies = " ".join(published.values_list("body", flat=True))

    assert published.count() >= 4
    assert "UU No. 21 Tahun 2007" in bodies
    assert "Pasal 120" in bodies
    assert "UU No. 18 Tahun 2017" in bodies
    assert "129" in bodies and "08111-129-129" in bodies
    assert "110" in bodies and "1708" in bodies


def test_starter_articles_have_paragraphs_and_a_summary():
    for article in Article.objects.published():
        assert article.summary.strip(), article.slug
        assert article.body.count("\n\n") >= 3, article.slug
        assert 300 <= len(article.body.split()) <= 600, article.slug


# seed_demo


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "another-demo-password-42"
    return run("seed_demo")


def test_seed_demo_loads_the_wilayah_when_missing(seeded):
    assert Kelurahan.objects.count() == 44


def test_seed_demo_creates_accounts_with_the_demo_password(seeded, settings):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}

    assert set(users) == set(DEMO_USERNAMES)
    assert all(user.check_password(settings.DEMO_PASSWORD) for user in users.values())
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert OfficeStaff.objects.filter(user=users["admin"]).exists()


def test_seed_demo_staff_account_can_change_but_not_delete(seeded):
    staff = get_user_model().objects.get(username="staf.jakpus")

    assert staff.is_staff and not staff.is_superuser
    assert staff.office_staff.office.slug == "kanim-jakarta-pusat"
    assert staff.has_perm("kelurahan.change_outreachsession")
    assert staff.has_perm("kelurahan.view_awarenessreport")
    assert not staff.has_perm("kelurahan.delete_awarenessreport")


def test_seed_demo_creates_kelurahan_officers_of_their_kelurahan(seeded):
    kebon_kosong = KelurahanOfficer.objects.get(user__username="petugas.kebonkosong")
    gambir = KelurahanOfficer.objects.get(user__username="petugas.gambir")

    assert kebon_kosong.kelurahan.kode == "31.71.03.1002"
    assert kebon_kosong.position == KelurahanOfficer.Position.KASI_PEMERINTAHAN
    assert gambir.kelurahan.kode == "31.71.01.1001"
    assert not kebon_kosong.user.is_staff and not gambir.user.is_staff


def test_seed_demo_designates_kebon_kosong_binaan_in_june_2024(seeded):
    kebon_kosong = Kelurahan.objects.get(slug="kebon-kosong")

    assert kebon_kosong.is_binaan
    assert kebon_kosong.binaan_since == datetime.date(2024, 6, 13)
    assert "(demo)" in kebon_kosong.sk_number
    assert Kelurahan.objects.binaan().count() >= 3


def test_seed_demo_creates_liaison_officers_with_history(seeded):
    assignments = LiaisonAssignment.objects.filter(kelurahan__slug="kebon-kosong")

    assert LiaisonOfficer.objects.filter(name__endswith="(demo)").count() >= 2
    assert LiaisonOfficer.objects.filter(user__username="staf.jakpus").exists()
    assert assignments.current().count() == 1
    assert assignments.filter(end_date__isnull=False).count() == 1
    assert LiaisonAssignment.objects.current().filter(kelurahan__slug="gambir").exists()


def test_seed_demo_creates_sessions_past_and_upcoming_in_every_state(seeded):
    sessions = OutreachSession.objects.all()
    statuses = set(sessions.values_list("status", flat=True))

    assert statuses == {"planned", "held", "cancelled"}
    assert sessions.incomplete().filter(kelurahan__slug="kebon-kosong").exists()
    assert sessions.published().upcoming().filter(kelurahan__slug="kebon-kosong").exists()
    assert sessions.held().filter(kelurahan__slug="gambir").exists()
    assert sessions.filter(is_published=False, status="planned").exists()
    assert sessions.filter(status="held", speakers__isnull=False, partners__isnull=False).exists()


def test_seed_demo_creates_reports_in_several_statuses_with_a_timeline(seeded):
    reports = AwarenessReport.objects.all()
    referred = reports.get(status="referred")
    review_update = ReportUpdate.objects.get(
        report__status="under_review", to_status="under_review"
    )

    assert {"draft", "submitted", "under_review", "referred", "closed"} <= set(
        reports.values_list("status", flat=True)
    )
    assert referred.referred_to.short_name == "Polres Metro Jakarta Pusat"
    assert list(referred.updates.values_list("to_status", flat=True)) == [
        "submitted",
        "under_review",
        "referred",
    ]
    assert review_update.author.username == "admin"
    assert review_update.note_for_reporter and review_update.internal_note
    assert not ReportUpdate.objects.filter(report__status="draft").exists()


def test_seed_demo_prints_the_demo_accounts(seeded):
    for username in DEMO_USERNAMES:
        assert username in seeded
    assert "/admin/" in seeded and "/petugas/" in seeded
    assert "DEMO_PASSWORD" in seeded


def test_seed_demo_second_run_duplicates_nothing(seeded):
    models = [
        get_user_model(),
        KelurahanOfficer,
        LiaisonOfficer,
        LiaisonAssignment,
        OutreachSession,
        AwarenessReport,
        ReportUpdate,
        Kelurahan,
    ]
    before = {model: model.objects.count() for model in models}

    output = run("seed_demo")

    assert {model: model.objects.count() for model in models} == before
    assert "created: nothing" in output


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        run("seed_demo")

    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()


def test_seed_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False

    run("seed_demo", force=True)

    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
