"""Admin discretion: a custom admin address stays secret, and "view on
site" is scoped to the office like every other admin page."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import LocalePrefixPattern, include, path, reverse

from binaan import urls as site_urls
from tests.support import factories

SECRET_ADMIN = "ruang-staf-7f3a/"

# The site's URLs with the admin at a custom address, as DJANGO_ADMIN_URL sets it.
urlpatterns = [
    pattern
    for pattern in site_urls.urlpatterns
    if not isinstance(getattr(pattern, "pattern", None), LocalePrefixPattern)
] + i18n_patterns(
    path(SECRET_ADMIN, admin.site.urls),
    path("petugas/", include("kelurahan.officer.urls")),
    path("akun/", include("kelurahan.accounts.urls")),
    path("", include("kelurahan.public.urls")),
    prefix_default_language=False,
)
custom_admin = override_settings(ROOT_URLCONF=__name__, ADMIN_URL=SECRET_ADMIN)


@custom_admin
@pytest.mark.parametrize("page", ["/akun/dua-langkah/", "/akun/dua-langkah/kode/"])
@pytest.mark.parametrize("otp_on", [False, True])
def test_second_step_pages_never_lead_anonymous_visitors_to_the_admin(
    client, settings, db, page, otp_on
):
    settings.STAFF_OTP_REQUIRED = otp_on
    assert reverse("admin:index") == "/" + SECRET_ADMIN  # the custom address is in use

    response = client.get(page, {"next": "/"})
    login_page = client.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"].startswith("/petugas/masuk/?next=")
    assert SECRET_ADMIN.strip("/") not in response["Location"]
    assert login_page.status_code == 200
    assert SECRET_ADMIN.strip("/") not in login_page.content.decode()


def on_site(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


@pytest.fixture
def other_office_session(db):
    office = factories.office()
    return factories.session(factories.kelurahan(office=office), published=True)


def test_view_on_site_sends_the_office_staff_to_the_public_page(client, staff_user, kebon_kosong):
    session = factories.session(kebon_kosong, published=True)
    client.force_login(staff_user)

    response = client.get(on_site(session))

    assert response.status_code == 302
    assert response["Location"].endswith(session.get_absolute_url())


def test_view_on_site_of_another_office_is_a_404(client, staff_user, other_office_session):
    client.force_login(staff_user)

    for obj in (other_office_session, other_office_session.kelurahan):
        response = client.get(on_site(obj))
        assert response.status_code == 404, obj
        assert "Location" not in response


def test_view_on_site_of_a_missing_id_is_the_same_404(client, staff_user, other_office_session):
    client.force_login(staff_user)
    content_type = ContentType.objects.get_for_model(other_office_session)

    missing = client.get(reverse("admin:view_on_site", args=[content_type.pk, 987654]))
    theirs = client.get(on_site(other_office_session))

    assert missing.status_code == theirs.status_code == 404
