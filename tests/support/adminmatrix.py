"""The admin's side of the access matrix: each ModelAdmin's expected answers per role, the
admin site's own URLs as cases, and forms forged with another office's records.

tests/admin/test_admin_matrix.py runs them; tests/support/accessmatrix.py holds the roles and
test data.
"""

from collections.abc import Callable
from dataclasses import dataclass

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kelurahan import services
from kelurahan.models import AwarenessReport
from kelurahan.services.notifications import queue_email
from tests.support import accessmatrix as am
from tests.support import factories, publicpages
from tests.support.accessmatrix import (
    ADMIN_INDEX,
    FORBIDDEN,
    GONE,
    NOT_FOUND,
    OK,
    TO_ADMIN_LOGIN,
    TO_OFFICER_LOGIN,
    Case,
    Expect,
    everyone,
    roles,
)
from tests.support.adminpages import session_add_form

VIEWS = ("changelist", "add", "change", "delete", "history")
STAFF_ROLES = ("staff", "other_staff", "superuser")
NOT_STAFF = ("anonymous", "officer_kk", "officer_gambir")


def views(*answers: Expect) -> dict[str, Expect]:
    return dict(zip(VIEWS, answers, strict=True))


FULL = views(OK, OK, OK, OK, OK)
NO_ADD_OR_DELETE = views(OK, FORBIDDEN, OK, FORBIDDEN, OK)
# The change page shows the record read-only; sending the form is refused.
VIEW_ONLY = {**NO_ADD_OR_DELETE, "change_post": FORBIDDEN}
NO_ACCESS = views(FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
# Another office's record: listed nowhere, and its pages answer "does not exist".
ABSENT = views(OK, OK, GONE, GONE, GONE)
# Same, on a model whose add and delete are for superusers only (delete refuses first).
ABSENT_NO_ADD_OR_DELETE = views(OK, FORBIDDEN, GONE, FORBIDDEN, GONE)
# And on a model only superusers change: sending the change form is refused first.
ABSENT_READ_ONLY = {**ABSENT_NO_ADD_OR_DELETE, "change_post": FORBIDDEN}
# django-axes' lockout records: superusers look and delete, nobody adds one by hand.
LOCKOUT_RECORDS = views(OK, FORBIDDEN, OK, OK, OK)


@dataclass(frozen=True)
class ModelSpec:
    """A ModelAdmin's record of Kebon Kosong's office and what each staff role may do with it."""

    build: Callable[[am.World], object]
    staff: dict[str, Expect]
    other_staff: dict[str, Expect]
    superuser: dict[str, Expect] | None = None

    def expect(self, role: str, view: str) -> Expect:
        if role in NOT_STAFF:
            return TO_ADMIN_LOGIN
        return (getattr(self, role) or FULL)[view]

    def refusal(self, role: str, view: str) -> Expect | None:
        """What a POST to the change or delete page answers when refused; None if allowed."""
        if role in NOT_STAFF:
            return TO_ADMIN_LOGIN
        answers = getattr(self, role) or FULL
        refused = answers.get(f"{view}_post") or answers[view]
        return None if refused == OK else refused


def log_entry(world):
    return LogEntry.objects.get_for_object(world.report).order_by("pk").first()


def axes_row(model):
    fields = {
        "username": "petugas.x",
        "ip_address": "10.0.0.1",
        "user_agent": "t",
        "path_info": "/",
    }
    if model is AccessAttempt:
        fields.update(failures_since_start=1, get_data="", post_data="")
    return lambda world: model.objects.create(http_accept="*/*", **fields)


MODELS = {
    # Staff edit their own office's public contact details; only superusers add or delete one.
    "kelurahan.Office": ModelSpec(
        lambda w: factories.main_office(), NO_ADD_OR_DELETE, ABSENT_NO_ADD_OR_DELETE
    ),
    "kelurahan.OfficeStaff": ModelSpec(
        lambda w: w.user("staff").office_staff, VIEW_ONLY, ABSENT_READ_ONLY
    ),
    "kelurahan.Kelurahan": ModelSpec(
        lambda w: w.kebon_kosong, NO_ADD_OR_DELETE, ABSENT_NO_ADD_OR_DELETE
    ),
    "kelurahan.LiaisonOfficer": ModelSpec(lambda w: w.liaison, FULL, ABSENT),
    "kelurahan.LiaisonAssignment": ModelSpec(lambda w: w.assignment, FULL, ABSENT),
    "kelurahan.KelurahanOfficer": ModelSpec(lambda w: w.officer_kk, FULL, ABSENT),
    "kelurahan.OutreachSession": ModelSpec(lambda w: w.session, FULL, ABSENT),
    # Officers propose changes to public sessions; staff approve or decline (never add or delete).
    "kelurahan.SessionChange": ModelSpec(
        lambda w: services.session_change_propose(
            session=w.session, by=w.officer_kk.user, changes={"title": "Judul usulan petugas"}
        ),
        NO_ADD_OR_DELETE,
        ABSENT_NO_ADD_OR_DELETE,
        NO_ADD_OR_DELETE,
    ),
    # Reports come from officers and residents (no add); only superusers delete one.
    "kelurahan.AwarenessReport": ModelSpec(
        lambda w: w.report,
        NO_ADD_OR_DELETE,
        ABSENT_NO_ADD_OR_DELETE,
        views(OK, FORBIDDEN, OK, OK, OK),
    ),
    # Passport service days come from officers (no add); only superusers delete one.
    "kelurahan.PassportServiceDay": ModelSpec(
        lambda w: w.passport_request,
        NO_ADD_OR_DELETE,
        ABSENT_NO_ADD_OR_DELETE,
        views(OK, FORBIDDEN, OK, OK, OK),
    ),
    # The outbox: its office's staff read it (and send a failed one again); nobody edits it.
    "kelurahan.OutgoingMessage": ModelSpec(
        lambda w: queue_email(
            to=["piket@imigrasi.example"], subject="Uji", body="Uji", office=factories.main_office()
        )[0],
        VIEW_ONLY,
        ABSENT_READ_ONLY,
        VIEW_ONLY,
    ),
    # Questions come from residents and officers (no add); only superusers delete one.
    "kelurahan.Question": ModelSpec(
        lambda w: w.question,
        NO_ADD_OR_DELETE,
        ABSENT_NO_ADD_OR_DELETE,
        views(OK, FORBIDDEN, OK, OK, OK),
    ),
    # Shared by every office: regions (read-only), partners and public content.
    "kelurahan.Kecamatan": ModelSpec(lambda w: w.kebon_kosong.kecamatan, VIEW_ONLY, VIEW_ONLY),
    "kelurahan.Kota": ModelSpec(lambda w: w.kebon_kosong.kecamatan.kota, VIEW_ONLY, VIEW_ONLY),
    "kelurahan.Provinsi": ModelSpec(
        lambda w: w.kebon_kosong.kecamatan.kota.provinsi, VIEW_ONLY, VIEW_ONLY
    ),
    "kelurahan.Partner": ModelSpec(lambda w: factories.partner(), FULL, FULL),
    "kelurahan.Topic": ModelSpec(lambda w: factories.topic(), FULL, FULL),
    "kelurahan.Article": ModelSpec(lambda w: w.article, FULL, FULL),
    "kelurahan.FaqEntry": ModelSpec(lambda w: w.faq_entry, FULL, FULL),
    # Accounts, the audit trail, lockouts and second-factor devices: superusers only.
    "auth.User": ModelSpec(lambda w: w.officer_kk.user, NO_ACCESS, NO_ACCESS),
    "auth.Group": ModelSpec(lambda w: w.group, NO_ACCESS, NO_ACCESS),
    "auditlog.LogEntry": ModelSpec(log_entry, NO_ACCESS, NO_ACCESS, VIEW_ONLY),
    "axes.AccessAttempt": ModelSpec(axes_row(AccessAttempt), NO_ACCESS, NO_ACCESS, LOCKOUT_RECORDS),
    "axes.AccessLog": ModelSpec(axes_row(AccessLog), NO_ACCESS, NO_ACCESS, LOCKOUT_RECORDS),
    "axes.AccessFailureLog": ModelSpec(
        axes_row(AccessFailureLog), NO_ACCESS, NO_ACCESS, LOCKOUT_RECORDS
    ),
    "otp_totp.TOTPDevice": ModelSpec(
        lambda w: TOTPDevice.objects.create(user=w.user("staff"), name="App"),
        NO_ACCESS,
        NO_ACCESS,
    ),
}


def model_admin(label: str):
    return next(ma for model, ma in admin.site._registry.items() if model._meta.label == label)


def request_as(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def admin_url(label: str, view: str, obj=None) -> str:
    opts = model_admin(label).opts
    name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
    return reverse(name, args=[obj.pk] if view not in ("changelist", "add") else [])


# The admin site's own pages and the portal's custom admin and account pages.

STAFF_PAGE = roles(everyone(OK), **dict.fromkeys(NOT_STAFF, TO_ADMIN_LOGIN))
SUPERUSER_PAGE = roles(STAFF_PAGE, staff=FORBIDDEN, other_staff=FORBIDDEN)
NOBODY = roles(SUPERUSER_PAGE, superuser=FORBIDDEN)
# Logged-in non-staff get a 403 on the two-factor pages; anonymous users the officer login
# (never the admin's: its address may be a secret DJANGO_ADMIN_URL).
SECOND_STEP = roles(
    STAFF_PAGE, anonymous=TO_OFFICER_LOGIN, officer_kk=FORBIDDEN, officer_gambir=FORBIDDEN
)


def tip_photo(world):
    """The tip with a photo, saved in this test's private media folder."""
    tip = AwarenessReport.objects.get(pk=world.tip.pk)
    tip.photo.save("tip.png", ContentFile(publicpages.png().read()), save=True)
    return {"object_id": tip.pk}


def session_on_site(world):
    content_type = ContentType.objects.get_for_model(world.session)
    return {"content_type_id": content_type.pk, "object_id": world.session.pk}


def hidden_session_on_site(world):
    content_type = ContentType.objects.get_for_model(world.hidden_session)
    return {"content_type_id": content_type.pk, "object_id": world.hidden_session.pk}


def report_on_site(world):
    content_type = ContentType.objects.get_for_model(world.report)
    return {"content_type_id": content_type.pk, "object_id": world.report.pk}


def device(world):
    return {"pk": TOTPDevice.objects.create(user=world.user("staff"), name="App").pk}


AUTOCOMPLETE = "app_label=kelurahan&model_name=outreachsession&field_name=kelurahan"

SITE_CASES = [
    Case("admin:index", STAFF_PAGE),
    Case("admin:login", roles(everyone(Expect(302, ADMIN_INDEX)), **dict.fromkeys(NOT_STAFF, OK))),
    # Logging out is POST only; without staff rights the admin sends anyone to its index.
    Case("admin:logout", roles(everyone(Expect(405)), **dict.fromkeys(NOT_STAFF, GONE))),
    Case(
        "admin:logout",
        roles(everyone(Expect(302, "/")), **dict.fromkeys(NOT_STAFF, GONE)),
        method="post",
    ),
    Case("admin:password_change", STAFF_PAGE),
    Case("admin:password_change_done", STAFF_PAGE),
    Case("admin:jsi18n", STAFF_PAGE),
    Case("admin:autocomplete", STAFF_PAGE, query=AUTOCOMPLETE),
    Case("admin:app_list", STAFF_PAGE, lambda w: {"app_label": "kelurahan"}),
    Case(
        "admin:app_list",
        roles(SUPERUSER_PAGE, staff=NOT_FOUND, other_staff=NOT_FOUND),
        lambda w: {"app_label": "auth"},
        label="auth",
    ),
    Case(
        "admin/(?P<url>.*)$",
        roles(everyone(NOT_FOUND), **dict.fromkeys(NOT_STAFF, TO_ADMIN_LOGIN)),
        path=f"{ADMIN_INDEX}tidak-ada/",
    ),
    # "View on site" is scoped like the admin (kelurahan/admin/view_on_site.py): the office's
    # staff are sent to the session's public page (a 404 there while unpublished); another
    # office's staff get a 404, without learning that the id exists.
    *(
        Case(
            "admin:view_on_site",
            roles(
                everyone(Expect(302, "/sosialisasi/{object_id}/")),
                other_staff=NOT_FOUND,
                **dict.fromkeys(NOT_STAFF, TO_ADMIN_LOGIN),
            ),
            kwargs,
            label=label,
        )
        for kwargs, label in ((session_on_site, ""), (hidden_session_on_site, "unpublished"))
    ),
    Case(
        "admin:view_on_site",
        roles(everyone(NOT_FOUND), **dict.fromkeys(NOT_STAFF, TO_ADMIN_LOGIN)),
        report_on_site,
        label="report",
    ),
    Case("admin:kelurahan_recap", STAFF_PAGE),
    # The complete list of the office's kelurahan behind the index's coverage table.
    Case("admin:kelurahan_coverage_list", STAFF_PAGE),
    # Renaming a kelurahan's public address: superusers only.
    Case(
        "admin:kelurahan_kelurahan_rename",
        SUPERUSER_PAGE,
        lambda world: {"object_id": world.kebon_kosong.pk},
    ),
    Case("admin:kelurahan_recap_xlsx", STAFF_PAGE),
    Case("admin:kelurahan_recap_csv", STAFF_PAGE),
    # "Print the poster" from a kelurahan's next steps: recorded, then on to the public PDF;
    # another office's staff get a 404.
    Case(
        "admin:kelurahan_kelurahan_poster",
        roles(
            everyone(Expect(302, "/kelurahan/kebon-kosong/poster.pdf")),
            other_staff=NOT_FOUND,
            **dict.fromkeys(NOT_STAFF, TO_ADMIN_LOGIN),
        ),
        lambda w: {"pk": w.kebon_kosong.pk},
    ),
    # A tip's photo: the office's staff only; another office's staff get a 404.
    Case(
        "admin:kelurahan_awarenessreport_photo", roles(STAFF_PAGE, other_staff=NOT_FOUND), tip_photo
    ),
    Case(
        "admin:kelurahan_awarenessreport_photo",
        roles(everyone(NOT_FOUND), **dict.fromkeys(NOT_STAFF, TO_ADMIN_LOGIN)),
        lambda w: {"object_id": w.report.pk},
        label="no photo",
    ),
    # A draft is the officer's private work, absent from the admin for everyone.
    Case(
        "admin:kelurahan_awarenessreport_change",
        roles(everyone(GONE), **dict.fromkeys(NOT_STAFF, TO_ADMIN_LOGIN)),
        lambda w: {"object_id": w.draft_report.pk},
        label="draft",
    ),
    Case(
        "admin:auth_user_password_change",
        SUPERUSER_PAGE,
        lambda w: {"id": w.officer_kk.user.pk},
    ),
    # OTP_ADMIN_HIDE_SENSITIVE_DATA: nobody, superusers included, sees a device's secret key.
    Case("admin:otp_totp_totpdevice_config", NOBODY, device),
    Case("admin:otp_totp_totpdevice_qrcode", NOBODY, device),
    Case("accounts:otp_enrol", SECOND_STEP),
    Case(
        "accounts:otp_verify",
        roles(SECOND_STEP, **dict.fromkeys(STAFF_ROLES, Expect(302, "/akun/dua-langkah/"))),
    ),
]


def covered_admin_keys() -> set[str]:
    """Admin URL keys these tests request: every registered model's pages and the site's."""
    keys = {key for key, model in am.admin_model_keys().items() if model._meta.label in MODELS}
    return keys | {case.name for case in SITE_CASES}


# Forged choices: another office's staff post Kebon Kosong's office's ids in their own forms.


def liaison_form(office, **fields) -> dict:
    return {
        "office": office.pk,
        "name": "Rina Pratiwi",
        "nip": "199203142015032001",
        "position": "Analis Keimigrasian",
        "phone": "021-6541209",
        "is_active": "on",
        "assignments-TOTAL_FORMS": 0,
        "assignments-INITIAL_FORMS": 0,
        **fields,
    }


def forged_forms(world, own: bool) -> dict[str, tuple[str, dict]]:
    """(model, POST data) per forged field; `own` swaps the other office's own record back in."""
    office = world.user("other_staff").office_staff.office
    place = factories.kelurahan(office=office)
    liaison = factories.liaison_officer(office)
    their = {
        "kelurahan": place if own else world.kebon_kosong,
        "liaison": liaison if own else world.liaison,
        "office": office if own else world.kebon_kosong.office,
        "account": world.user("other_staff") if own else world.user("staff"),
    }
    assignment = {"start_date": "2024-06-01"}
    return {
        "session kelurahan": (
            "kelurahan.OutreachSession",
            session_add_form(their["kelurahan"]),
        ),
        "session speaker": (
            "kelurahan.OutreachSession",
            session_add_form(place, speakers=[their["liaison"].pk]),
        ),
        "assignment kelurahan": (
            "kelurahan.LiaisonAssignment",
            {"officer": liaison.pk, "kelurahan": their["kelurahan"].pk, **assignment},
        ),
        "assignment officer": (
            "kelurahan.LiaisonAssignment",
            {"officer": their["liaison"].pk, "kelurahan": place.pk, **assignment},
        ),
        "liaison office": ("kelurahan.LiaisonOfficer", liaison_form(their["office"])),
        "liaison account": (
            "kelurahan.LiaisonOfficer",
            liaison_form(office, user=their["account"].pk),
        ),
        "liaison inline assignment": (
            "kelurahan.LiaisonOfficer",
            liaison_form(
                office,
                **{
                    "assignments-TOTAL_FORMS": 1,
                    "assignments-0-kelurahan": their["kelurahan"].pk,
                    "assignments-0-start_date": "2024-06-01",
                },
            ),
        ),
        "officer kelurahan": (
            "kelurahan.KelurahanOfficer",
            {
                "name": "Warga Baru",
                "email": "warga.baru@example.test",
                "username": "warga.baru",
                "kelurahan": their["kelurahan"].pk,
                "position": "lurah",
            },
        ),
    }


FORGED = (
    "session kelurahan",
    "session speaker",
    "assignment kelurahan",
    "assignment officer",
    "liaison office",
    "liaison account",
    "liaison inline assignment",
    "officer kelurahan",
)
