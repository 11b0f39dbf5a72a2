"""The national region list: load_wilayah --file, its slugs, its refusals, the real file."""

import os
import time

import pytest
from django.core.management.base import CommandError

from kelurahan import services
from kelurahan.models import Kecamatan, Kelurahan, Kota, Provinsi
from tests.support import factories
from tests.support.wilayahfiles import (
    MODELS,
    NATIONAL_FILE,
    ROWS,
    Terminal,
    national_file,
    replaced,
    run,
    slug,
    snapshot,
)

pytestmark = pytest.mark.django_db


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
