"""Indonesian first everywhere, English at /en/, and a language switch on every public page."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kelurahan.models import Office
from tests.support import factories

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = (
    "home",
    "directory",
    "kelurahan",
    "session",
    "articles",
    "article",
    "tip",
    "tip_status",
    "privacy",
    "accessibility",
    "opendata",
)


@pytest.fixture
def public_paths(kebon_kosong) -> dict:
    """The Indonesian path of every public page, by URL name."""
    session = factories.session(kebon_kosong)
    arguments = {
        "kelurahan": [kebon_kosong.slug],
        "session": [session.pk],
        "article": ["apa-itu-tppo-dan-tppm"],
    }
    return {name: reverse(f"public:{name}", args=arguments.get(name, [])) for name in PUBLIC_PAGES}


def get(client, path: str, **headers):
    response = client.get(path, **headers)
    translation.activate("id")  # a request to /en/ leaves English active for reverse()
    return response


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    return match.group(1) if match else ""


def language_switch(response) -> dict[str, str]:
    """Each language offered -> the switch form's `next` page, or the link's target.

    Officer pages post to set_language; public pages use plain links (no form, no cookie).
    """
    html = response.content.decode()
    form = re.search(r'<form class="language-switch".*?</form>', html, re.S)
    if form:
        next_path = re.search(r'name="next" type="hidden" value="([^"]*)"', form.group(0))
        languages = re.findall(r'name="language" value="([^"]+)"', form.group(0))
        return dict.fromkeys(languages, next_path.group(1))
    links = re.search(r'<p class="language-switch">.*?</p>', html, re.S)
    assert links, "no language switch"
    return {
        code: href for href, code in re.findall(r'<a href="([^"]+)" lang="([^"]+)"', links.group(0))
    }


def test_public_pages_are_indonesian_at_root_whatever_the_browser_asks(client, public_paths):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for name, path in public_paths.items():
        response = get(client, path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, name
        assert html_lang(response) == "id", name
        assert language_switch(response) in ({"en": path}, {"en": "/en" + path}), name


def test_every_public_page_answers_in_english_under_en(client, public_paths):
    for name, path in public_paths.items():
        response = get(client, "/en" + path)
        assert response.status_code == 200, name
        assert html_lang(response) == "en", name
        assert language_switch(response) in ({"id": "/en" + path}, {"id": path}), name


def test_language_switch_leads_to_the_same_page_in_the_other_language(client, public_paths):
    setlang = reverse("set_language")
    for name, path in public_paths.items():
        to_english = client.post(setlang, {"next": path, "language": "en"})
        assert (to_english.status_code, to_english.url) == (302, "/en" + path), name
        to_indonesian = client.post(setlang, {"next": "/en" + path, "language": "id"})
        assert (to_indonesian.status_code, to_indonesian.url) == (302, path), name


def test_language_switch_round_trip_for_a_kelurahan(client, kebon_kosong):
    response = client.post(
        reverse("set_language"), {"next": "/kelurahan/kebon-kosong/", "language": "en"}
    )
    assert response.url == "/en/kelurahan/kebon-kosong/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = get(client, response.url)
    assert html_lang(english) == "en"
    back = client.post(reverse("set_language"), {"next": response.url, "language": "id"})
    assert back.url == "/kelurahan/kebon-kosong/"
    assert html_lang(get(client, back.url)) == "id"


def test_language_switch_keeps_the_query_string(client, kebon_kosong):
    response = get(client, "/en/kelurahan/?q=kebon")
    assert language_switch(response) == {"id": "/kelurahan/?q=kebon"}
    back = client.post(
        reverse("set_language"), {"next": "/en/kelurahan/?q=kebon", "language": "id"}
    )
    assert back.url == "/kelurahan/?q=kebon"


def test_admin_is_indonesian_by_default_and_english_under_en(client, staff_user):
    client.force_login(staff_user)
    admin_path = "/" + settings.ADMIN_URL
    indonesian = get(client, admin_path, HTTP_ACCEPT_LANGUAGE="en")
    assert indonesian.status_code == 200
    assert html_lang(indonesian) == "id"
    english = get(client, "/en" + admin_path)
    assert english.status_code == 200
    assert html_lang(english) == "en"


def test_admin_login_is_indonesian_by_default(client):
    response = get(client, "/" + settings.ADMIN_URL + "login/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert html_lang(response) == "id"


def test_officer_pages_are_indonesian_by_default(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)
    response = get(client, reverse("officer:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert html_lang(response) == "id"
    assert html_lang(get(client, "/en" + reverse("officer:dashboard"))) == "en"


def test_accessibility_statement_in_both_languages_with_office_contact(client):
    Office.objects.filter(slug=settings.TIP_DEFAULT_OFFICE).update(
        email="kanim.jakpus@imigrasi.go.id", phone="021 6541209"
    )
    path = reverse("public:accessibility")
    assert path == "/aksesibilitas/"
    for url, lang in ((path, "id"), ("/en" + path, "en")):
        response = get(client, url)
        html = response.content.decode()
        assert response.status_code == 200
        assert html_lang(response) == lang
        assert 'href="mailto:kanim.jakpus@imigrasi.go.id"' in html
        assert 'href="tel:0216541209"' in html
        assert 'href="https://www.lapor.go.id/"' in html
        assert "WCAG" in html


def test_accessibility_statement_without_contact_details_points_to_the_office(client):
    office = Office.objects.get(slug=settings.TIP_DEFAULT_OFFICE)
    Office.objects.filter(pk=office.pk).update(email="", phone="")
    html = get(client, "/en" + reverse("public:accessibility")).content.decode()
    assert "Visit the immigration office" in html
    assert office.name in html
    assert "mailto:" not in html


def test_accessibility_statement_is_linked_from_every_public_footer(client, public_paths):
    link = f'href="{reverse("public:accessibility")}"'
    for name, path in public_paths.items():
        footer = get(client, path).content.decode().split('<footer class="site-footer">', 1)
        assert len(footer) == 2 and link in footer[1], name


def test_accessibility_statement_is_in_the_sitemap(client):
    sitemap = get(client, "/sitemap-pages.xml").content.decode()
    assert "/aksesibilitas/</loc>" in sitemap
    assert "/en/aksesibilitas/</loc>" in sitemap
