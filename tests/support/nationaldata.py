"""A small nation for the directory and tip-form tests: two provinces, three cities, repeated
names, desa and kelurahan, places no office covers."""

from django.utils.text import slugify

from kelurahan.models import Kelurahan
from tests.support import factories
from tests.support.publicpages import designate

DESA, KELURAHAN = Kelurahan.Kind.DESA, Kelurahan.Kind.KELURAHAN


def place(kecamatan, kode, name, kind=DESA, office="main", **fields):
    office = factories.main_office() if office == "main" else office
    slug = f"{slugify(name)}-{kode.replace('.', '')}"
    return factories.kelurahan(
        kecamatan=kecamatan, kode=kode, name=name, slug=slug, kind=kind, office=office, **fields
    )


def build_nation() -> dict:
    """Two provinces, three cities; "Sidomulyo" in three kecamatan; desa and kelurahan."""
    jateng = factories.provinsi("33", name="Jawa Tengah", slug="jawa-tengah")
    diy = factories.provinsi("34", name="Daerah Istimewa Yogyakarta", slug="di-yogyakarta")
    cilacap = factories.kota("33.01", name="Kabupaten Cilacap", slug="kabupaten-cilacap")
    magelang = factories.kota("33.71", name="Kota Magelang", slug="kota-magelang")
    kulon_progo = factories.kota("34.01", name="Kabupaten Kulon Progo", slug="kulon-progo")
    kec = {
        name: factories.kecamatan(kode=kode, name=name, slug=name.lower().replace(" ", "-"))
        for kode, name in (
            ("33.01.01", "Dayeuhluhur"),
            ("33.01.02", "Wanareja"),
            ("33.71.01", "Magelang Selatan"),
            ("34.01.01", "Temon"),
            ("34.01.02", "Wates"),
        )
    }
    other_office = factories.office(name="Kantor Imigrasi Yogyakarta", slug="kanim-yogyakarta")
    places = {
        "sidomulyo_dayeuhluhur": place(kec["Dayeuhluhur"], "33.01.01.2001", "Sidomulyo"),
        "sidomulyo_baru": place(kec["Wanareja"], "33.01.02.2001", "Sidomulyo Baru"),
        "jurangombo": place(kec["Magelang Selatan"], "33.71.01.1001", "Jurangombo", KELURAHAN),
        "tidar": place(kec["Magelang Selatan"], "33.71.01.1002", "Tidar", KELURAHAN),
        "sidomulyo_temon": place(
            kec["Temon"], "34.01.01.2001", "Sidomulyo", office=other_office, postal_code="55654"
        ),
        "sidomulyo_wates": place(kec["Wates"], "34.01.02.2001", "Sidomulyo", office=other_office),
        "karang_sidomulyo": place(kec["Wates"], "34.01.02.2002", "Karang Sidomulyo", office=None),
        "nuapuu": place(kec["Wates"], "34.01.02.2003", "Bu Nuapu\u2019u", office=None),
    }
    places["sidomulyo_wates"] = designate(places["sidomulyo_wates"])
    return {
        "provinces": (jateng, diy),
        "cities": (cilacap, magelang, kulon_progo),
        "kecamatan": kec,
        **places,
    }
