"""Small touches on public pages: WhatsApp share links, Open Graph tags, titles, photo sizes."""

import datetime
import io
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kelurahan import services
from kelurahan.files.thumbnails import delete_thumbnails, variant_name
from kelurahan.models import Article
from tests.support import factories


class Tags(HTMLParser):
    """Every start tag of a page with its attributes (entities already decoded)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.title = ""
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False

    def find(self, tag, **wanted) -> list[dict]:
        return [
            attrs
            for name, attrs in self.tags
            if name == tag and all(attrs.get(k.replace("_", "-")) == v for k, v in wanted.items())
        ]

    def meta(self, prop: str) -> str:
        found = [attrs["content"] for attrs in self.find("meta", property=prop)]
        assert len(found) == 1, prop
        return found[0]


def page(client, url) -> Tags:
    response = client.get(url)
    assert response.status_code == 200
    return Tags(response.content.decode())


def jpeg(width=1200, height=900, name="foto.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def whatsapp_text(tags: Tags) -> str:
    links = tags.find("a", **{"class": "share-whatsapp"})
    assert len(links) == 1
    href = links[0]["href"]
    assert href.startswith("https://wa.me/?text=")
    assert " " not in href and "://" not in href.removeprefix("https://")  # fully encoded
    return parse_qs(urlsplit(href).query)["text"][0]


def test_kelurahan_page_has_whatsapp_share_link_and_short_link_to_copy(client, kebon_kosong):
    tags = page(client, kebon_kosong.get_absolute_url())

    text = whatsapp_text(tags)
    assert text == "Kelurahan Kebon Kosong http://testserver/kelurahan/kebon-kosong/"
    short = tags.find("a", **{"class": "copy-text"})
    assert [link["href"] for link in short] == ["/k/3171031002"]


def test_session_page_share_link_encodes_title_and_absolute_url(client, kebon_kosong):
    session = factories.session(kebon_kosong, title="Sosialisasi TPPO & TPPM: RW 05?")

    text = whatsapp_text(page(client, session.get_absolute_url()))

    assert text == f"Sosialisasi TPPO & TPPM: RW 05? http://testserver/sosialisasi/{session.pk}/"


def test_public_pages_load_no_third_party_script(client, kebon_kosong, settings):
    session = factories.session(kebon_kosong)
    with_our_script = ("/lapor/", "/lapor/status/", "/tanya/", "/tanya/status/", "/privasi/")
    without_script = ("/", kebon_kosong.get_absolute_url(), session.get_absolute_url())
    for url in with_our_script + without_script:
        tags = page(client, url).tags
        scripts = [attrs["src"] for tag, attrs in tags if tag == "script" and "src" in attrs]
        # The tip line's pages carry our own script (the quick exit), so the check has a subject.
        assert scripts or url not in with_our_script, url
        for src in scripts:
            parts = urlsplit(src)
            assert not parts.scheme and not parts.netloc, f"{url} loads {src} from another host"
            assert src.startswith(settings.STATIC_URL), f"{url} loads {src} from outside our files"
            assert finders.find(parts.path.removeprefix(settings.STATIC_URL)), src


def test_kelurahan_page_has_open_graph_tags_with_absolute_url(client, kebon_kosong):
    tags = page(client, kebon_kosong.get_absolute_url())

    assert tags.meta("og:url") == "http://testserver/kelurahan/kebon-kosong/"
    assert tags.meta("og:title") == "Kelurahan Kebon Kosong"
    assert "Kebon Kosong" in tags.meta("og:description")
    assert tags.meta("og:type") == "website"
    assert tags.meta("og:locale") == "id_ID"
    assert tags.meta("og:site_name")
    image = tags.meta("og:image")
    assert image.startswith("http://testserver/static/")
    assert finders.find(image.removeprefix("http://testserver/static/"))


def test_session_preview_gives_day_time_and_place_not_the_title_again(client, kebon_kosong):
    start = datetime.datetime(2031, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    session = factories.session(
        kebon_kosong,
        title="Waspada calo kerja",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        venue="Aula RW 05",
        address="Jl. Kebon Kosong Raya No. 1",
    )
    place = "Aula RW 05, Jl. Kebon Kosong Raya No. 1 · Kelurahan Kebon Kosong, Kecamatan Kemayoran"

    indonesian = page(client, session.get_absolute_url())
    english = page(client, "/en" + session.get_absolute_url())

    assert indonesian.meta("og:title") == "Waspada calo kerja"
    assert indonesian.meta("og:description") == f"Rabu, 5 Maret 2031, 09:00–11:00 WIB · {place}"
    assert english.meta("og:description") == f"Wednesday, 5 March 2031, 09:00–11:00 WIB · {place}"
    [description] = indonesian.find("meta", name="description")
    assert description["content"] == indonesian.meta("og:description")


def test_cancelled_session_preview_says_so(client, kebon_kosong):
    session = factories.session(kebon_kosong, venue="Aula RW 05")
    services.session_cancel(session=session, by=None, reason="Hujan")

    description = page(client, session.get_absolute_url()).meta("og:description")

    assert description.startswith("Dibatalkan: ") and "Aula RW 05" in description


@pytest.mark.parametrize("url", ["/", "/kelurahan/kebon-kosong/", "/en/edukasi/"])
def test_sharing_image_is_a_large_card_of_the_size_it_announces(client, kebon_kosong, url):
    tags = page(client, url)

    image_url = tags.meta("og:image")
    path = finders.find(image_url.removeprefix("http://testserver/static/"))
    with Image.open(path) as image:
        size = image.size
    assert size[0] >= 1200 and size[1] >= 630
    assert size == (int(tags.meta("og:image:width")), int(tags.meta("og:image:height")))
    assert tags.meta("og:image:alt")
    [card] = tags.find("meta", name="twitter:card")
    assert card["content"] == "summary_large_image"


def test_english_article_page_has_english_locale_and_article_type(client, db):
    article = Article.objects.create(
        slug="kerja-aman",
        title="Kerja aman di luar negeri",
        summary="Ringkasan & tips",
        body="Isi.",
        topic=factories.topic(),
        is_published=True,
        published_at=timezone.now(),
    )
    url = "/en" + article.get_absolute_url()

    tags = page(client, url)

    assert tags.meta("og:url") == f"http://testserver{url}"
    assert tags.meta("og:locale") == "en_US"
    assert tags.meta("og:type") == "article"
    assert tags.meta("og:title") == "Kerja aman di luar negeri"
    assert tags.meta("og:description") == "Ringkasan & tips"  # escaped once, not twice


@pytest.mark.parametrize(
    "url", ["/", "/kelurahan/", "/kelurahan/kebon-kosong/", "/edukasi/", "/lapor/", "/data/"]
)
def test_public_page_titles_name_the_page_then_the_office(client, kebon_kosong, url):
    tags = page(client, url)

    name, _sep, office = tags.title.strip().rpartition(" · ")
    assert name.strip() and office == "Kanim Jakarta Pusat"
    assert tags.find("link", rel="icon") and tags.find("link", rel="apple-touch-icon")


def test_uploaded_session_photo_gets_480_and_960_pixel_copies(kebon_kosong):
    session = factories.held_session(kebon_kosong)

    photo = services.session_add_photo(session=session, by=None, image=jpeg(), caption="Warga")

    for width in (480, 960):
        name = variant_name(photo.image.name, f"{width}w")
        with default_storage.open(name) as stored:
            assert Image.open(stored).size == (width, width * 3 // 4)


def test_session_page_offers_photo_sizes_with_srcset(client, kebon_kosong):
    session = factories.held_session(kebon_kosong, photos=[(jpeg(), "Warga bertanya")])
    photo = session.photos.get()
    small, medium = (
        default_storage.url(variant_name(photo.image.name, w)) for w in ("480w", "960w")
    )

    tags = page(client, session.get_absolute_url())

    [img] = tags.find("img", alt="Warga bertanya")
    assert img["src"] == small
    assert img["srcset"] == f"{small} 480w, {medium} 960w, {photo.image.url} 1200w"
    assert img["sizes"] and img["loading"] == "lazy"
    assert (img["width"], img["height"]) == ("480", "360")


def test_small_photo_is_served_as_it_is(client, kebon_kosong):
    session = factories.held_session(kebon_kosong, photos=[(jpeg(40, 30), "Kecil")])
    photo = session.photos.get()

    [img] = page(client, session.get_absolute_url()).find("img", alt="Kecil")

    assert img["src"] == photo.image.url and img["srcset"] == f"{photo.image.url} 40w"
    assert not default_storage.exists(variant_name(photo.image.name, "480w"))


def test_deleting_thumbnails_keeps_the_original(kebon_kosong):
    session = factories.held_session(kebon_kosong, photos=[jpeg()])
    photo = session.photos.get()

    delete_thumbnails(photo.image)

    assert not default_storage.exists(variant_name(photo.image.name, "480w"))
    assert default_storage.exists(photo.image.name)


def test_liaison_portrait_is_shown_as_a_small_copy(client, kebon_kosong):
    officer = factories.liaison_officer()
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), "gray").save(buffer, format="JPEG")
    officer.photo.save("wajah.jpg", ContentFile(buffer.getvalue()))
    services.liaison_assign(
        officer=officer, kelurahan=kebon_kosong, start_date=timezone.localdate()
    )

    [img] = page(client, kebon_kosong.get_absolute_url()).find("img", **{"class": "person-photo"})

    assert img["src"] != officer.photo.url and img["src"].endswith("-144sq.jpg")
    with default_storage.open(variant_name(officer.photo.name, "144sq")) as stored:
        assert Image.open(stored).size == (144, 144)
