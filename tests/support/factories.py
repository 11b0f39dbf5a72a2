"""Small builders for test data; each returns a saved object with sensible defaults."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from kelurahan import services
from kelurahan.models import (
    AwarenessReport,
    Kecamatan,
    Kelurahan,
    KelurahanOfficer,
    Kota,
    LiaisonOfficer,
    Office,
    OfficeStaff,
    OutreachSession,
    Partner,
    Provinsi,
    Topic,
)

PASSWORD = "test-password-123"
_sequence = itertools.count(1)
REGION_NAMES = {"31": "Daerah Khusus Ibukota Jakarta", "31.71": "Kota Administrasi Jakarta Pusat"}


def office(**fields) -> Office:
    n = next(_sequence)
    defaults = {"name": f"Kantor Imigrasi Uji {n}", "slug": f"kanim-uji-{n}"}
    return Office.objects.create(**{**defaults, **fields})


def main_office() -> Office:
    return Office.objects.get(slug="kanim-jakarta-pusat")


def provinsi(kode: str = "99", **fields) -> Provinsi:
    """The province with this kode, created when missing."""
    name = REGION_NAMES.get(kode, f"Provinsi {kode}")
    defaults = {"name": name, "slug": f"provinsi-{kode}", **fields}
    return Provinsi.objects.get_or_create(kode=kode, defaults=defaults)[0]


def kota(kode: str = "99.01", **fields) -> Kota:
    """The city with this kode (and its province), created when missing."""
    name = REGION_NAMES.get(kode, f"Kota {kode}")
    slug = f"kota-{kode.replace('.', '-')}"
    defaults = {"provinsi": provinsi(kode[:2]), "name": name, "slug": slug, **fields}
    return Kota.objects.get_or_create(kode=kode, defaults=defaults)[0]


def kecamatan(**fields) -> Kecamatan:
    n = next(_sequence)
    kode = fields.pop("kode", None) or f"99.{n // 100 % 100:02d}.{n % 100:02d}"
    defaults = {
        "kode": kode,
        "kota": fields.pop("kota", None) or kota(kode[:5]),
        "name": f"Kecamatan {n}",
        "slug": f"kecamatan-{n}",
    }
    return Kecamatan.objects.create(**{**defaults, **fields})


def kelurahan(**fields) -> Kelurahan:
    """A kelurahan of the main office unless `office` says otherwise (None: no office)."""
    n = next(_sequence)
    kec = fields.pop("kecamatan", None) or kecamatan()
    defaults = {
        "kecamatan": kec,
        "office": fields.pop("office") if "office" in fields else main_office(),
        "kode": f"{kec.kode}.{n % 10000:04d}",
        "name": f"Kelurahan {n}",
        "slug": f"kelurahan-{n}",
        "postal_code": "10620",
    }
    return Kelurahan.objects.create(**{**defaults, **fields})


def user(username=None, **fields):
    username = username or f"user{next(_sequence)}"
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)


def staff(office_=None, username=None, **fields):
    account = user(username, is_staff=True, **fields)
    for codename_prefix in ("view", "add", "change", "delete"):
        from django.contrib.auth.models import Permission

        account.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="kelurahan", codename__startswith=codename_prefix
            )
        )
    OfficeStaff.objects.create(user=account, office=office_ or main_office())
    return account


def superuser(username="root"):
    return get_user_model().objects.create_superuser(username, f"{username}@example.test", PASSWORD)


def kelurahan_officer(kelurahan_=None, username=None, **fields) -> KelurahanOfficer:
    defaults = {"position": KelurahanOfficer.Position.KASI_PEMERINTAHAN, "phone": "021-4200000"}
    return KelurahanOfficer.objects.create(
        user=user(username), kelurahan=kelurahan_ or kelurahan(), **{**defaults, **fields}
    )


def liaison_officer(office_=None, **fields) -> LiaisonOfficer:
    n = next(_sequence)
    defaults = {
        "name": f"Petugas Imigrasi {n}",
        "nip": f"{199001012015031000 + n}",
        "position": "Analis Keimigrasian",
        "phone": "021-6541209",
        "whatsapp": "0812-0000-0000",
    }
    return LiaisonOfficer.objects.create(office=office_ or main_office(), **{**defaults, **fields})


def topic(slug="tppo") -> Topic:
    return Topic.objects.get(slug=slug)


def partner() -> Partner:
    return Partner.objects.order_by("pk").first()


def session(kelurahan_=None, *, days_from_now=7, published=True, by=None, **fields):
    """A planned session; pass status-changing work through the services, not fields."""
    place = kelurahan_ or kelurahan()
    starts = timezone.now() + datetime.timedelta(days=days_from_now)
    defaults = {
        "title": "Sosialisasi pencegahan TPPO",
        "venue": "Aula Kantor Kelurahan",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "description": "Sosialisasi bagi warga.",
    }
    created = services.session_propose(
        kelurahan=place, proposed_by=by, topics=[topic()], **{**defaults, **fields}
    )
    if published:
        created = services.session_publish(session=created, by=by)
    return created


def held_session(kelurahan_=None, *, by=None, verified=True, **results) -> OutreachSession:
    """A held, published session; its results verified by the office unless verified=False."""
    planned = session(kelurahan_, days_from_now=-3, by=by)
    defaults = {
        "attendance_men": 20,
        "attendance_women": 25,
        "attendance_total": 45,
        "summary": "Warga antusias bertanya tentang lowongan kerja di luar negeri.",
    }
    held = services.session_mark_held(session=planned, by=by, **{**defaults, **results})
    if verified:
        held = services.session_verify_results(session=held, by=None)
    return held


def report(kelurahan_=None, *, filed_by=None, submit=True, **content) -> AwarenessReport:
    place = kelurahan_ or kelurahan()
    author = filed_by or kelurahan_officer(place).user
    defaults = {
        "category": AwarenessReport.Category.TPPO,
        "observed": "Ada perekrut menawarkan kerja di luar negeri tanpa dokumen resmi.",
        "location_rt_rw": "003/005",
    }
    draft = services.report_create_draft(
        kelurahan=place, filed_by=author, **{**defaults, **content}
    )
    return services.report_submit(report=draft, by=author) if submit else draft
