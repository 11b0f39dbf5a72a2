"""The staff admin: every page renders, office scoping, session actions, kelurahan and people."""

import datetime
import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.messages import WARNING
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from kelurahan import services
from kelurahan.models import (
    Article,
    AwarenessReport,
    Kelurahan,
    LiaisonAssignment,
    LiaisonOfficer,
    OfficeStaff,
    OutreachSession,
    SessionPhoto,
)
from kelurahan.services import questions as question_services
from kelurahan.services.notifications import queue_email
from tests.support import factories
from tests.support.accessmatrix import passport_request
from tests.support.adminpages import form_data, messages_of, session_add_form, url

Status = AwarenessReport.Status


@pytest.fixture
def every_model(kebon_kosong, officer_kebon_kosong, staff_user):
    """At least one row of every model the admin manages."""
    Group.objects.create(name="Staf Kanim")
    liaison = factories.liaison_officer()
    services.liaison_assign(
        officer=liaison, kelurahan=kebon_kosong, start_date=datetime.date(2024, 6, 1)
    )
    held = factories.held_session(kebon_kosong)
    SessionPhoto.objects.create(session=held, image="sosialisasi/foto.jpg", caption="Warga")
    services.session_change_propose(
        session=held,
        by=officer_kebon_kosong.user,
        changes={"title": "Judul usulan petugas"},
    )
    report = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user)
    services.report_start_review(report=report, by=staff_user, internal_note="Cek lapangan.")
    # Accounts (django-axes, django-otp): a failed login and a staff member's TOTP device.
    login = {"username": "x", "ip_address": "192.0.2.1", "user_agent": "t", "path_info": "/"}
    AccessAttempt.objects.create(failures_since_start=1, get_data="", post_data="", **login)
    AccessLog.objects.create(**login)
    AccessFailureLog.objects.create(**login)
    TOTPDevice.objects.create(user=staff_user, name="Phone")
    # The outbox: one queued message of the office.
    queue_email(to=["kantor@example.test"], subject="Uji", body="Uji", office=kebon_kosong.office)
    question_services.question_relay(by=officer_kebon_kosong.user, text="Berapa biaya paspor?")
    queue_email(to=["piket@imigrasi.example"], subject="Uji", body="-", office=kebon_kosong.office)
    passport_request(kebon_kosong, officer_kebon_kosong.user)
    return {"session": held, "report": report}


def test_admin_every_page_renders_for_superuser(client, superuser, every_model):
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        assert model.objects.exists(), model
        assert client.get(url(model, "changelist")).status_code == 200, model
        change = client.get(url(model, "change", model.objects.first().pk))
        assert change.status_code == 200, model
        if model_admin.has_add_permission(change.wsgi_request):
            assert client.get(url(model, "add")).status_code == 200, model


def test_admin_every_programme_page_renders_for_staff(client, rf, staff_user, every_model):
    client.force_login(staff_user)
    request = rf.get("/")
    request.user = staff_user
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "kelurahan":
            continue
        assert client.get(url(model, "changelist")).status_code == 200, model
        obj = model_admin.get_queryset(request).first()
        assert client.get(url(model, "change", obj.pk)).status_code == 200, model


def test_admin_staff_sees_own_office_sessions_and_reports(client, staff_user, every_model):
    client.force_login(staff_user)
    sessions = client.get(url(OutreachSession, "changelist"))
    reports = client.get(url(AwarenessReport, "changelist"))
    assert list(sessions.context["cl"].result_list) == [every_model["session"]]
    assert list(reports.context["cl"].result_list) == [every_model["report"]]
    assert client.get(url(AwarenessReport, "change", every_model["report"].pk)).status_code == 200


def test_admin_other_office_staff_sees_nothing_of_kebon_kosong(
    client, other_office_staff, every_model
):
    client.force_login(other_office_staff)
    for model, obj in [
        (OutreachSession, every_model["session"]),
        (AwarenessReport, every_model["report"]),
        (Kelurahan, every_model["report"].kelurahan),
        (LiaisonAssignment, LiaisonAssignment.objects.get()),
    ]:
        changelist = client.get(url(model, "changelist"))
        assert obj not in changelist.context["cl"].result_list
        response = client.get(url(model, "change", obj.pk))
        # Outside the office's scope the record does not exist: back to the admin index.
        assert response.status_code == 302
        assert response.url == reverse("admin:index")


def test_admin_other_office_staff_cannot_choose_kebon_kosong(
    client, other_office_staff, kebon_kosong
):
    client.force_login(other_office_staff)
    response = client.post(url(OutreachSession, "add"), session_add_form(kebon_kosong))
    assert "kelurahan" in response.context["adminform"].form.errors
    assert not OutreachSession.objects.exists()
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "kelurahan",
            "model_name": "outreachsession",
            "field_name": "kelurahan",
            "term": "Kebon",
        },
    )
    assert found.status_code == 200
    assert found.json()["results"] == []


def test_admin_session_add_goes_through_propose(client, staff_user, kebon_kosong):
    client.force_login(staff_user)
    response = client.post(url(OutreachSession, "add"), session_add_form(kebon_kosong))
    assert response.status_code == 302
    session = OutreachSession.objects.get()
    assert (session.status, session.is_published) == (OutreachSession.Status.PLANNED, False)
    assert session.proposed_by == staff_user
    assert list(session.topics.all()) == [factories.topic()]


def test_admin_session_status_is_read_only_in_form(client, staff_user, kebon_kosong):
    session = factories.session(kebon_kosong, published=False)
    client.force_login(staff_user)
    response = client.get(url(OutreachSession, "change", session.pk))
    data = {**form_data(response), "status": "cancelled", "title": "Judul baru"}
    client.post(url(OutreachSession, "change", session.pk), data)
    session.refresh_from_db()
    assert (session.status, session.title) == (OutreachSession.Status.PLANNED, "Judul baru")


def test_admin_session_publish_and_unpublish_actions(client, staff_user, kebon_kosong):
    sessions = [factories.session(kebon_kosong, published=False) for _ in range(2)]
    client.force_login(staff_user)
    pks = [s.pk for s in sessions]
    client.post(
        url(OutreachSession, "changelist"), {"action": "publish", ACTION_CHECKBOX_NAME: pks}
    )
    assert OutreachSession.objects.published().count() == 2
    client.post(
        url(OutreachSession, "changelist"), {"action": "unpublish", ACTION_CHECKBOX_NAME: pks[:1]}
    )
    assert list(OutreachSession.objects.published()) == sessions[1:]


def test_admin_session_mark_held_action_reports_what_failed(client, staff_user, kebon_kosong):
    past = factories.session(kebon_kosong, days_from_now=-1)
    future = factories.session(kebon_kosong, days_from_now=3)
    client.force_login(staff_user)
    response = client.post(
        url(OutreachSession, "changelist"),
        {"action": "mark_held", ACTION_CHECKBOX_NAME: [past.pk, future.pk]},
        follow=True,
    )
    past.refresh_from_db()
    future.refresh_from_db()
    assert past.status == OutreachSession.Status.HELD and past.is_incomplete
    assert future.status == OutreachSession.Status.PLANNED
    assert [m.level for m in messages_of(response)].count(WARNING) == 1


def test_admin_session_cancel_action_asks_for_a_reason(client, staff_user, kebon_kosong):
    session = factories.session(kebon_kosong)
    client.force_login(staff_user)
    data = {"action": "cancel", ACTION_CHECKBOX_NAME: [session.pk]}
    asked = client.post(url(OutreachSession, "changelist"), data)
    assert asked.status_code == 200 and "form" in asked.context
    empty = client.post(url(OutreachSession, "changelist"), {**data, "apply": "1", "reason": ""})
    assert "reason" in empty.context["form"].errors
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.PLANNED
    client.post(url(OutreachSession, "changelist"), {**data, "apply": "1", "reason": "Hujan"})
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == (OutreachSession.Status.CANCELLED, "Hujan")


def test_admin_kelurahan_changelist_queries_do_not_grow(client, superuser):
    call_command("load_wilayah", stdout=io.StringIO())
    client.force_login(superuser)
    place = Kelurahan.objects.get(kode="31.71.03.1002")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(Kelurahan, "changelist"))
        assert response.context["cl"].result_count == 44
        return len(queries), response

    before, _ = count_queries()
    for other in Kelurahan.objects.all()[:10]:
        factories.held_session(other)
        factories.report(other)
    factories.held_session(place)
    factories.report(place)
    after, response = count_queries()
    assert after == before
    row = next(k for k in response.context["cl"].result_list if k.pk == place.pk)
    expected = (
        place.sessions.filter(status=OutreachSession.Status.HELD).count(),
        place.reports.open().count(),
    )
    assert (row.sessions_held, row.open_reports) == expected
    assert expected[0] >= 1 and expected[1] >= 1


def test_admin_kelurahan_designation_through_change_form(client, staff_user, gambir):
    client.force_login(staff_user)
    page = client.get(url(Kelurahan, "change", gambir.pk))
    data = {**form_data(page), "is_binaan": "on", "sk_number": "SK-01/2024"}
    missing = client.post(url(Kelurahan, "change", gambir.pk), data)
    assert "binaan_since" in missing.context["adminform"].form.errors
    gambir.refresh_from_db()
    assert not gambir.is_binaan
    client.post(url(Kelurahan, "change", gambir.pk), {**data, "binaan_since": "2024-06-14"})
    gambir.refresh_from_db()
    assert gambir.is_binaan
    assert (gambir.binaan_since, gambir.sk_number) == (datetime.date(2024, 6, 14), "SK-01/2024")
    client.post(url(Kelurahan, "change", gambir.pk), {**data, "is_binaan": ""})
    gambir.refresh_from_db()
    assert not gambir.is_binaan


def test_admin_liaison_assignments_keep_history(client, staff_user, kebon_kosong, gambir):
    liaison = factories.liaison_officer()
    old = services.liaison_assign(
        officer=liaison, kelurahan=gambir, start_date=datetime.date(2023, 1, 2)
    )
    client.force_login(staff_user)
    page = client.get(url(LiaisonOfficer, "change", liaison.pk))
    data = form_data(page)
    data.update(
        {
            "assignments-0-end_date": "2024-05-31",
            "assignments-TOTAL_FORMS": 2,
            "assignments-1-kelurahan": kebon_kosong.pk,
            "assignments-1-start_date": "2024-06-01",
        }
    )
    response = client.post(url(LiaisonOfficer, "change", liaison.pk), data)
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.end_date == datetime.date(2024, 5, 31)
    assert [a.kelurahan for a in liaison.assignments.current()] == [kebon_kosong]
    assert liaison.assignments.count() == 2


def test_admin_office_name_and_staff_editable_by_superusers_only(client, staff_user):
    office = factories.main_office()
    membership = OfficeStaff.objects.get(user=staff_user)
    client.force_login(staff_user)
    page = client.get(url(type(office), "change", office.pk))
    assert "name" not in page.context["adminform"].form.fields  # read-only for staff
    data = {**form_data(page), "name": "Diubah"}
    client.post(url(type(office), "change", office.pk), data)
    office.refresh_from_db()
    assert office.name == "Kantor Imigrasi Kelas I Non TPI Jakarta Pusat"
    assert client.get(url(type(office), "add")).status_code == 403
    assert client.get(url(OfficeStaff, "add")).status_code == 403
    assert (
        client.post(url(OfficeStaff, "delete", membership.pk), {"post": "yes"}).status_code == 403
    )


def test_admin_article_publication_is_stamped(client, superuser):
    client.force_login(superuser)
    response = client.post(
        url(Article, "add"),
        {
            "title": "Mengenal TPPM",
            "slug": "mengenal-tppm",
            "topic": factories.topic("tppm").pk,
            "summary": "Ringkasan.",
            "body": "Isi artikel.",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert Article.objects.get(slug="mengenal-tppm").published_at is not None


def test_admin_new_liaison_officer_with_first_assignment(client, staff_user, kebon_kosong):
    client.force_login(staff_user)
    response = client.post(
        url(LiaisonOfficer, "add"),
        {
            "office": factories.main_office().pk,
            "name": "Rina Pratiwi",
            "nip": "199203142015032001",
            "position": "Analis Keimigrasian Ahli Pertama",
            "phone": "021-6541209",
            "is_active": "on",
            "assignments-TOTAL_FORMS": 1,
            "assignments-INITIAL_FORMS": 0,
            "assignments-0-kelurahan": kebon_kosong.pk,
            "assignments-0-start_date": "2024-06-01",
        },
    )
    assert response.status_code == 302
    liaison = LiaisonOfficer.objects.get(nip="199203142015032001")
    assert [a.kelurahan for a in liaison.assignments.current()] == [kebon_kosong]


def test_admin_session_photo_is_added_through_service(client, staff_user, kebon_kosong):
    session = factories.held_session(kebon_kosong)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG")
    photo = SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")
    client.force_login(staff_user)
    page = client.get(url(OutreachSession, "change", session.pk))
    data = {
        **form_data(page),
        "photos-TOTAL_FORMS": 1,
        "photos-0-image": photo,
        "photos-0-caption": "Warga mendengarkan",
    }
    response = client.post(url(OutreachSession, "change", session.pk), data)
    assert response.status_code == 302
    saved = session.photos.get()
    assert saved.caption == "Warga mendengarkan"
    assert saved.image.name.startswith(f"sosialisasi/{session.pk}/")
