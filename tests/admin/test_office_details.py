"""The office's own details: staff edit them, residents see them, tips are announced there."""

import importlib
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from kelurahan import services
from kelurahan.models import Office
from kelurahan.services.delivery import deliver_due
from tests.support import factories
from tests.support.adminpages import form_data, url

PUBLIC_ADDRESS = "Jl. Merpati Blok B12 No. 3, Kemayoran, Jakarta Pusat 10610"


def sent() -> list:
    """The e-mails the outbox's worker delivered (one delivery pass first)."""
    deliver_due()
    return mail.outbox


def edit_office(client, office, **fields):
    data = {**form_data(client.get(url(Office, "change", office.pk))), **fields}
    return client.post(url(Office, "change", office.pk), data)


def test_office_starter_data_has_the_public_address(db):
    office = factories.main_office()
    assert office.address == PUBLIC_ADDRESS
    assert office.phone == ""  # not guessed: staff fill it in from the office's own notices


def test_office_staff_edit_their_offices_public_details(client, staff_user, kebon_kosong):
    client.force_login(staff_user)
    office = factories.main_office()
    response = edit_office(
        client,
        office,
        phone="021-6541209",
        whatsapp="0812-1111-2222",
        opening_hours="Senin–Jumat 08.00–16.00",
        notification_email="piket@kanimjakpus.example",
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.opening_hours == "Senin–Jumat 08.00–16.00"
    page = client.get(kebon_kosong.get_absolute_url()).content.decode()
    assert "021-6541209" in page and "Senin–Jumat 08.00–16.00" in page
    assert 'href="https://wa.me/6281211112222"' in page


def test_office_staff_cannot_open_another_offices_details(client, other_office_staff):
    client.force_login(other_office_staff)
    office = factories.main_office()
    response = client.post(url(Office, "change", office.pk), {"phone": "000"})
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    office.refresh_from_db()
    assert office.phone == ""


def test_office_details_on_the_tip_line_pages(client, db):
    Office.objects.filter(slug="kanim-jakarta-pusat").update(phone="021-6541209")
    for page in ("public:tip", "public:tip_status", "public:home"):
        text = client.get(reverse(page)).content.decode()
        assert "021-6541209" in text and PUBLIC_ADDRESS in text, page


def test_office_notification_address_receives_new_tips(
    kebon_kosong, django_capture_on_commit_callbacks
):
    office = kebon_kosong.office
    office.email, office.notification_email = "info@kanim.example", "piket@kanim.example"
    office.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.tip_submit(observed="Ada perekrutan mencurigakan.", kelurahan=kebon_kosong)
    [message] = sent()
    assert message.to == ["piket@kanim.example"]


def test_office_seed_demo_says_where_the_details_are_set(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    office = factories.main_office()
    assert f"/{settings.ADMIN_URL}kelurahan/office/{office.pk}/change/" in out.getvalue()


def test_office_migration_fills_the_address_only_where_staff_left_the_starter_one(db):
    from django.apps import apps

    migration = importlib.import_module(
        "kelurahan.migrations.0019_office_contact_and_slug_redirects"
    )
    office = factories.main_office()
    office.address = "Jl. Merpati Blok B-12 No. 3, Kemayoran, Jakarta Pusat"
    office.save()
    migration.fill_public_address(apps, None)
    office.refresh_from_db()
    assert office.address == PUBLIC_ADDRESS
    office.address = "Alamat yang diubah staf"
    office.save()
    migration.fill_public_address(apps, None)
    office.refresh_from_db()
    assert office.address == "Alamat yang diubah staf"
