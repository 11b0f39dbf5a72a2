"""The national region list: load_wilayah --file, office coverage, and places no office covers."""

import csv
import datetime
import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from kelurahan import services
from kelurahan.models import AwarenessReport, Kecamatan, Kelurahan, Kota, Office, Provinsi
from tests import factories

pytestmark = pytest.mark.django_db

NATIONAL_FILE = Path(settings.BASE_DIR).parent / "shared" / "data" / "wilayah_indonesia.csv"
HEADER = ["kode", "nama", "level", "kode_pos"]
# A small country: two cities in Aceh, Jakarta Pusat's Kemayoran; names that repeat.
ROWS = [
    ["11", "Aceh", "1", ""],
    ["11.01", "Kabupaten Aceh Selatan", "2", ""],
    ["11.01.01", "Bakongan", "3", ""],
    ["11.01.01.2001", "Keude Bakongan", "4", "23773"],
    ["11.01.01.2002", "Sukamaju", "4", "23773"],
    ["11.01.02", "Kluet Utara", "3", ""],
    ["11.01.02.1001", "Lubuk Pakam I,II", "4", "23771"],
    ["11.01.02.2002", "Sukamaju", "4", "23771"],
    ["11.02", "Kabupaten Aceh Tenggara", "2", ""],
    ["11.02.01", "Bakongan", "3", ""],
    ["11.02.01.2001", "Sukamaju", "4", "24651"],
    ["11.02.01.2002", "Gambir", "4", "24651"],
    ["31", "Daerah Khusus Ibukota Jakarta", "1", ""],
    ["31.71", "Kota Administrasi Jakarta Pusat", "2", ""],
    ["31.71.01", "Gambir", "3", ""],
    ["31.71.01.1001", "Gambir", "4", "10110"],
    ["31.71.03", "Kemayoran", "3", ""],
    ["31.71.03.1002", "Kebon Kosong", "4", "10630"],
]
MODELS = (Provinsi, Kota, Kecamatan, Kelurahan)


class Terminal(StringIO):
    def isatty(self):
        return True


def run(*args, stdout=None, **options) -> str:
    out = stdout or StringIO()
    call_command("load_wilayah", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def national_file(tmp_path, rows=ROWS, name="wilayah.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def replaced(kode: str, *values) -> list[list[str]]:
    return [[kode, *values] if row[0] == kode else row for row in ROWS]


def snapshot() -> list:
    return [list(model.objects.order_by("kode").values()) for model in MODELS]


def slug(kode: str) -> str:
    return Kelurahan.objects.get(kode=kode).slug


# Importing


def test_national_import_creates_every_level_with_its_parent_and_kind(tmp_path):
    output = run(file=national_file(tmp_path))

    assert [model.objects.count() for model in MODELS] == [2, 3, 5, 8]
    desa = Kelurahan.objects.select_related("kecamatan__kota__provinsi").get(kode="11.01.01.2001")
    assert desa.kind == Kelurahan.Kind.DESA
    assert (desa.name, desa.postal_code) == ("Keude Bakongan", "23773")
    assert desa.kecamatan.kota.name == "Kabupaten Aceh Selatan"
    assert desa.kecamatan.kota.provinsi.name == "Aceh"
    assert Kelurahan.objects.get(kode="11.01.02.1001").kind == Kelurahan.Kind.KELURAHAN
    assert "Provinsi: 2 created" in output and "Kelurahan: 8 created" in output


def test_national_import_keeps_a_quoted_comma_in_the_name(tmp_path):
    run(file=national_file(tmp_path))

    lubuk_pakam = Kelurahan.objects.get(kode="11.01.02.1001")
    assert lubuk_pakam.name == "Lubuk Pakam I,II"
    assert lubuk_pakam.slug == "lubuk-pakam-i-ii"


def test_repeated_names_take_their_kecamatan_then_city_then_kode(tmp_path):
    run(file=national_file(tmp_path))

    assert slug("11.01.01.2001") == "keude-bakongan"
    assert slug("11.01.02.2002") == "sukamaju-kluet-utara"
    # Two kecamatan named Bakongan, in two cities: the city tells them apart.
    assert slug("11.01.01.2002") == "sukamaju-bakongan-aceh-selatan"
    assert slug("11.02.01.2001") == "sukamaju-bakongan-aceh-tenggara"
    assert Kecamatan.objects.get(kode="11.01.01").slug == "bakongan-aceh-selatan"
    assert Kecamatan.objects.get(kode="11.02.01").slug == "bakongan-aceh-tenggara"
    assert Kota.objects.get(kode="31.71").slug == "kota-administrasi-jakarta-pusat"


def test_same_name_twice_in_one_kecamatan_falls_back_to_the_kode(tmp_path):
    rows = [*ROWS, ["11.01.01.1003", "Sukamaju", "4", "23773"]]

    run(file=national_file(tmp_path, rows))

    assert slug("11.01.01.2002") == "sukamaju-1101012002"
    assert slug("11.01.01.1003") == "sukamaju-1101011003"


def test_slugs_do_not_depend_on_what_was_imported_before(tmp_path):
    run(file=national_file(tmp_path, ROWS[:8]))
    later = {row[0] for row in ROWS[8:]}
    run(file=national_file(tmp_path))
    imported_in_two_steps = dict(Kelurahan.objects.values_list("kode", "slug"))
    Kelurahan.objects.all().delete()

    run(file=national_file(tmp_path))

    in_one_go = dict(Kelurahan.objects.values_list("kode", "slug"))
    assert {k: v for k, v in in_one_go.items() if k in later} == {
        k: v for k, v in imported_in_two_steps.items() if k in later
    }


def test_national_import_keeps_the_slugs_of_jakarta_pusat(tmp_path):
    run()  # the shipped Jakarta Pusat file
    before = dict(Kelurahan.objects.values_list("kode", "slug"))

    run(file=national_file(tmp_path))

    assert slug("31.71.03.1002") == "kebon-kosong"
    assert slug("31.71.01.1001") == "gambir"
    assert slug("11.02.01.2002") == "gambir-bakongan"  # another Gambir, in Aceh
    assert Kecamatan.objects.get(kode="31.71.01").slug == "gambir"
    after = dict(Kelurahan.objects.filter(kode__in=before).values_list("kode", "slug"))
    assert after == before


def test_second_run_changes_nothing_and_says_so(tmp_path):
    path = national_file(tmp_path)
    run(file=path)
    before = snapshot()

    output = run(file=path)

    assert snapshot() == before
    for label, count in (("Provinsi", 2), ("Kota", 3), ("Kecamatan", 5), ("Kelurahan", 8)):
        assert f"{label}: 0 created, 0 updated, {count} unchanged" in output


def test_a_renamed_region_gets_its_new_name_and_keeps_its_slug(tmp_path):
    run(file=national_file(tmp_path))

    output = run(file=national_file(tmp_path, replaced("11.01.01.2001", "Keude Baru", "4", "")))

    renamed = Kelurahan.objects.get(kode="11.01.01.2001")
    assert (renamed.name, renamed.slug, renamed.postal_code) == ("Keude Baru", "keude-bakongan", "")
    assert "Kelurahan: 0 created, 1 updated, 7 unchanged" in output


def test_new_kelurahan_get_the_office_that_covers_their_city(tmp_path):
    run(file=national_file(tmp_path, ROWS[:5]))
    office = factories.office()
    services.office_set_cities(office=office, cities=Kota.objects.filter(kode="11.01"))

    run(file=national_file(tmp_path))

    assert Kelurahan.objects.get(kode="11.01.02.2002").office == office
    assert Kelurahan.objects.get(kode="11.02.01.2001").office is None
    assert Kelurahan.objects.get(kode="31.71.03.1002").office is None


def test_progress_bar_only_on_a_terminal(tmp_path):
    path = national_file(tmp_path)

    on_terminal = run(file=path, stdout=Terminal())
    in_a_log = run(file=path)

    assert "\r[" in on_terminal and "18/18" in on_terminal
    assert "\r" not in in_a_log


# Refusing a bad file


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["11.01.01.20X3", "Rusak", "4", ""], "malformed kode"),
        (["11.01.01.2003", "Rusak", "5", ""], "unknown level"),
        (["11.09.01.2003", "Yatim", "4", ""], "parent 11.09.01"),
        (["11.01.01.2003", "", "4", ""], "name of 11.01.01.2003 is empty"),
        (["11.01.01", "Bakongan Lagi", "4", ""], "level 3 code"),
        (["11.01.01.2003", "Kodepos", "4", "123"], "postal code"),
        (["11.01.01.2001", "Dua Kali", "4", ""], "appears twice"),
    ],
)
def test_a_malformed_row_names_file_and_line_and_nothing_changes(tmp_path, row, message):
    run(file=national_file(tmp_path))
    before = snapshot()
    rows = replaced("11.01.01.2002", "Sukamaju Baru", "4", "23773")
    rows.insert(10, row)  # the header is line 1, so this row is line 12
    path = national_file(tmp_path, rows, name="rusak.csv")

    with pytest.raises(CommandError, match=message) as refused:
        run(file=path)

    assert f"{path}, line 12:" in str(refused.value)
    assert snapshot() == before


def test_a_malformed_row_of_a_first_import_leaves_the_database_empty(tmp_path):
    rows = [*ROWS, ["31.71.03.1003", "Utan Panjang", "3", ""]]

    with pytest.raises(CommandError, match="line 20"):
        run(file=national_file(tmp_path, rows))

    assert [model.objects.count() for model in MODELS] == [0, 0, 0, 0]


def test_blank_lines_are_skipped(tmp_path):
    path = national_file(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")

    run(file=path)

    assert Kelurahan.objects.count() == 8


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("kode,nama,level,kode_pos\n11,Acèh,1,\n".encode("latin-1"))

    with pytest.raises(CommandError, match="not UTF-8"):
        run(file=path)

    assert not Provinsi.objects.exists()


def test_office_option_is_refused_with_the_national_format(tmp_path):
    with pytest.raises(CommandError, match="Jakarta Pusat format only"):
        run(file=national_file(tmp_path), office="kanim-jakarta-pusat")


def test_jakarta_file_creates_and_covers_its_city_for_the_office():
    run()

    jakarta_pusat = Kota.objects.get(kode="31.71")
    assert jakarta_pusat.name == "Kota Administrasi Jakarta Pusat"
    assert jakarta_pusat.provinsi.name == "Daerah Khusus Ibukota Jakarta"
    assert list(factories.main_office().cities.all()) == [jakarta_pusat]
    assert Kelurahan.objects.filter(office=factories.main_office()).count() == 44


def test_jakarta_file_with_the_office_option_gives_its_kelurahan_to_that_office():
    other = factories.office(slug="kanim-lain")

    run(office="kanim-lain")

    assert list(other.cities.values_list("kode", flat=True)) == ["31.71"]
    assert Kelurahan.objects.filter(office=other).count() == 44


def test_jakarta_file_for_another_office_is_refused_while_the_city_is_covered():
    run()
    other = factories.office(slug="kanim-lain")

    with pytest.raises(CommandError, match="sudah dilayani"):
        run(office="kanim-lain")

    assert not other.cities.exists()
    assert not Kelurahan.objects.filter(office=other).exists()


# The real national list


def test_the_national_list_imports_completely_with_unique_slugs():
    if not NATIONAL_FILE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{NATIONAL_FILE} is missing: CI needs ../shared beside the checkout.")
        pytest.skip(f"{NATIONAL_FILE} is absent (../shared/data beside the checkout; CI has it).")
    started = time.monotonic()

    run(file=NATIONAL_FILE)

    elapsed = time.monotonic() - started
    print(f"\nnational import of {NATIONAL_FILE.name}: {elapsed:.1f} s")
    assert [model.objects.count() for model in MODELS] == [38, 514, 7_285, 83_762]
    for model in MODELS:
        slugs = model.objects.values_list("slug", flat=True)
        assert len(set(slugs)) == len(slugs), model
    assert Kelurahan.objects.filter(kind=Kelurahan.Kind.DESA).count() == 75_266


# Offices and the cities they cover


@pytest.fixture
def aceh(tmp_path):
    run(file=national_file(tmp_path))
    return {kota.kode: kota for kota in Kota.objects.all()}


def test_office_set_cities_serves_their_kelurahan_and_releases_the_rest(aceh):
    office = factories.office()
    services.office_set_cities(office=office, cities=[aceh["11.01"], aceh["11.02"]])
    assert Kelurahan.objects.filter(office=office).count() == 6

    services.office_set_cities(office=office, cities=[aceh["11.02"]])

    assert set(office.cities.all()) == {aceh["11.02"]}
    assert set(Kelurahan.objects.filter(office=office).values_list("kode", flat=True)) == {
        "11.02.01.2001",
        "11.02.01.2002",
    }
    assert not Kelurahan.objects.filter(kecamatan__kota=aceh["11.01"], office__isnull=False)


def test_office_set_cities_refuses_a_city_of_another_office(aceh):
    first, second = factories.office(), factories.office()
    services.office_set_cities(office=first, cities=[aceh["11.01"]])

    with pytest.raises(ValidationError, match="sudah dilayani oleh"):
        services.office_set_cities(office=second, cities=[aceh["11.01"], aceh["11.02"]])

    assert not second.cities.exists()
    assert not Kelurahan.objects.filter(office=second).exists()


def test_office_set_cities_refuses_to_strand_a_current_assignment(aceh):
    office = factories.office()
    services.office_set_cities(office=office, cities=[aceh["11.01"]])
    desa = Kelurahan.objects.get(kode="11.01.01.2001")
    services.liaison_assign(
        officer=factories.liaison_officer(office), kelurahan=desa, start_date=datetime.date.today()
    )

    with pytest.raises(ValidationError, match="Keude Bakongan"):
        services.office_set_cities(office=office, cities=[])

    assert Kelurahan.objects.get(pk=desa.pk).office == office


def test_office_admin_saves_cities_through_the_service(client, superuser, aceh):
    office = factories.office(name="Kantor Imigrasi Tapaktuan", slug="kanim-tapaktuan")
    client.force_login(superuser)
    url = reverse("admin:kelurahan_office_change", args=[office.pk])
    form = {"name": office.name, "slug": office.slug, "cities": [aceh["11.01"].pk]}

    response = client.post(url, form)

    assert response.status_code == 302
    assert set(office.cities.all()) == {aceh["11.01"]}
    assert Kelurahan.objects.filter(office=office).count() == 4


def test_office_admin_shows_why_a_city_of_another_office_is_refused(client, superuser, aceh):
    first = factories.office()
    services.office_set_cities(office=first, cities=[aceh["11.01"]])
    second = factories.office()
    client.force_login(superuser)
    url = reverse("admin:kelurahan_office_change", args=[second.pk])

    response = client.post(
        url, {"name": second.name, "slug": second.slug, "cities": [aceh["11.01"].pk]}
    )

    assert response.status_code == 200
    assert first.name in str(response.context["adminform"].form.errors["cities"])
    assert not second.cities.exists()


def test_kelurahan_admin_keeps_the_office_to_the_coverage(client, superuser, kebon_kosong):
    client.force_login(superuser)

    response = client.get(reverse("admin:kelurahan_kelurahan_change", args=[kebon_kosong.pk]))

    assert "office" not in response.context["adminform"].form.fields


def test_kelurahan_added_in_the_admin_gets_the_office_covering_its_city(
    client, superuser, kebon_kosong
):
    office = factories.main_office()
    services.office_set_cities(office=office, cities=[kebon_kosong.kecamatan.kota])
    client.force_login(superuser)
    form = {
        "name": "Utan Panjang",
        "slug": "utan-panjang",
        "kode": "31.71.03.1003",
        "kind": "kelurahan",
        "kecamatan": kebon_kosong.kecamatan.pk,
        "postal_code": "10650",
    }

    response = client.post(reverse("admin:kelurahan_kelurahan_add"), form)

    assert response.status_code == 302
    assert Kelurahan.objects.get(kode="31.71.03.1003").office == office


# A desa no office covers


@pytest.fixture
def uncovered(db):
    kecamatan = factories.kecamatan(kode="11.01.01", name="Bakongan", slug="bakongan")
    return factories.kelurahan(
        kecamatan=kecamatan,
        office=None,
        kode="11.01.01.2001",
        name="Keude Bakongan",
        slug="keude-bakongan",
        kind=Kelurahan.Kind.DESA,
    )


def test_public_page_of_a_desa_without_office_shows_no_office_contact(client, uncovered):
    office = factories.main_office()
    office.phone = "021-6541209"
    office.save()

    response = client.get(uncovered.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Keude Bakongan" in page
    assert 'class="office"' not in page
    assert "tel:021-6541209" not in page


def test_poster_of_a_desa_without_office_is_printed(client, uncovered):
    response = client.get(reverse("public:kelurahan_poster", args=[uncovered.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_report_for_a_desa_without_office_is_refused_clearly(uncovered):
    officer = factories.kelurahan_officer(uncovered)

    with pytest.raises(
        ValidationError, match="Belum ada kantor imigrasi yang melayani Keude Bakongan"
    ):
        services.report_create_draft(
            kelurahan=uncovered, filed_by=officer.user, category="tppo", observed="Calo."
        )

    assert not AwarenessReport.objects.exists()


def test_liaison_officer_cannot_be_assigned_to_a_desa_without_office(uncovered):
    with translation.override("en"), pytest.raises(ValidationError, match="their own office"):
        services.liaison_assign(
            officer=factories.liaison_officer(),
            kelurahan=uncovered,
            start_date=datetime.date.today(),
        )


def test_tip_about_a_desa_without_office_reaches_the_default_office(uncovered):
    tip, _code = services.tip_submit(observed="Penampungan calon PMI.", kelurahan=uncovered)

    assert tip.office == Office.objects.get(slug=settings.TIP_DEFAULT_OFFICE)


def test_a_rename_by_import_shows_on_the_cached_public_page(client, tmp_path):
    """The import writes in bulk (no signals), so it refreshes the public page cache itself."""
    run(file=national_file(tmp_path))
    path = Kelurahan.objects.get(kode="31.71.03.1002").get_absolute_url()
    assert "Kebon Kosong" in client.get(path).content.decode()  # now cached

    run(file=national_file(tmp_path, replaced("31.71.03.1002", "Kebon Kosong Baru", "4", "10630")))

    assert "Kebon Kosong Baru" in client.get(path).content.decode()
