"""The synthetic national data set, on top of the imported region list.

Offices cover whole cities (Kanim Jakarta Pusat keeps Jakarta Pusat; the other cities are
shared out in kode order, so neighbouring cities share an office); binaan kelurahan are spread
evenly over the country; each has a kelurahan officer and a liaison officer; then sessions
and reports are written in bulk (binaan.ops.benchmark.bulk). Each step is timed.
"""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from binaan.ops.benchmark import rows
from binaan.ops.benchmark.bulk import next_id, write_rows
from kelurahan import services
from kelurahan.models import (
    AwarenessReport,
    Kelurahan,
    KelurahanOfficer,
    Kota,
    LiaisonAssignment,
    LiaisonOfficer,
    Office,
    OfficeStaff,
    OutreachSession,
    Partner,
    Topic,
)
from kelurahan.public.cache import public_content_changed

MAIN_OFFICE = "kanim-jakarta-pusat"
MAIN_CITY = "31.71"
BINAAN_SINCE = datetime.date(2021, 1, 4)
LIAISONS_PER_OFFICE = 2
UPDATE_CHUNK = 2000


@dataclass(frozen=True)
class Scale:
    """How much to generate; the defaults are the issue's national figures."""

    sessions: int = 500_000
    reports: int = 1_000_000
    binaan: int = 5_000
    offices: int = 133
    seed: int = 7


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    rows: int


def timed(name: str, work: Callable[[], int], steps: list[Step], say=None) -> int:
    """Run work (which returns a row count), record how long it took, say so if asked."""
    started = time.perf_counter()
    count = work()
    step = Step(name, time.perf_counter() - started, count)
    steps.append(step)
    if say:
        say(f"  {name}: {count:,} rows in {step.seconds:.1f} s")
    return count


def build_base(scale: Scale, steps: list[Step], say=None) -> rows.World:
    """Offices, binaan kelurahan, people and sessions; returns what reports are made from.

    Reports are written by the caller (write_reports), which times the admin in between.
    """
    timed("offices covering cities", lambda: create_offices(scale.offices), steps, say)
    timed("binaan kelurahan", lambda: designate_binaan(scale.binaan), steps, say)
    timed("officers, staff and assignments", create_people, steps, say)
    world = load_world(scale.seed)
    timed("outreach sessions", lambda: write_sessions(world, scale.sessions), steps, say)
    public_content_changed()  # bulk writes send no signals: cached public pages must go
    return world


def create_offices(count: int) -> int:
    """`count` offices in all: the main office plus new ones sharing out the other cities.

    Coverage goes through services.office_set_cities, the one place that keeps each
    kelurahan's office in step with its office's cities.
    """
    main = Office.objects.get(slug=MAIN_OFFICE)
    services.office_set_cities(office=main, cities=Kota.objects.filter(kode=MAIN_CITY))
    cities = list(Kota.objects.exclude(kode=MAIN_CITY).order_by("kode"))
    new_count = max(0, min(count - 1, len(cities)))
    with transaction.atomic():
        for number in range(new_count):
            # Even shares in kode order: office n covers cities [n·len/count, (n+1)·len/count).
            chunk = cities[
                number * len(cities) // new_count : (number + 1) * len(cities) // new_count
            ]
            office = Office.objects.create(
                name=f"Kantor Imigrasi {chunk[0].short_name} (uji {number + 1:03d})",
                slug=f"kanim-uji-{number + 1:03d}",
                office_class="Kelas II Non TPI",
            )
            services.office_set_cities(office=office, cities=chunk)
    return Office.objects.count()


def designate_binaan(count: int) -> int:
    """`count` kelurahan spread evenly over the country (every n-th by kode)."""
    covered = list(
        Kelurahan.objects.filter(office__isnull=False).order_by("kode").values_list("pk", flat=True)
    )
    if not covered:
        return 0
    step = max(1, len(covered) // max(1, count))
    chosen = covered[::step][:count]
    with transaction.atomic():
        for start in range(0, len(chosen), UPDATE_CHUNK):
            Kelurahan.objects.filter(pk__in=chosen[start : start + UPDATE_CHUNK]).update(
                is_binaan=True, binaan_since=BINAAN_SINCE, sk_number="SK/BENCHMARK/2021"
            )
    return len(chosen)


def _new_user(username: str, *, is_staff: bool = False):
    User = get_user_model()  # noqa: N806
    return User(username=username[:150], password=make_password(None), is_staff=is_staff)


@transaction.atomic
def create_people() -> int:
    """Staff and liaison officers for every office; an officer and an assignment per binaan."""
    User = get_user_model()  # noqa: N806
    offices = list(Office.objects.order_by("pk"))
    staff = User.objects.bulk_create([_new_user(f"staf.{o.slug}", is_staff=True) for o in offices])
    OfficeStaff.objects.bulk_create(
        OfficeStaff(user=user, office=office) for user, office in zip(staff, offices, strict=True)
    )
    liaisons = LiaisonOfficer.objects.bulk_create(
        LiaisonOfficer(
            office=office,
            name=f"PIMPASA {number + 1} {office.slug}",
            nip=f"19850101{office.pk:06d}{number:04d}",
            position="Analis Keimigrasian",
            phone="021-4250025",
        )
        for office in offices
        for number in range(LIAISONS_PER_OFFICE)
    )
    by_office: dict[int, list[LiaisonOfficer]] = {}
    for liaison in liaisons:
        by_office.setdefault(liaison.office_id, []).append(liaison)
    binaan = list(Kelurahan.objects.binaan().order_by("pk"))
    users = User.objects.bulk_create([_new_user(f"petugas.{k.slug}") for k in binaan])
    KelurahanOfficer.objects.bulk_create(
        KelurahanOfficer(user=user, kelurahan=kelurahan, position=KelurahanOfficer.Position.LURAH)
        for user, kelurahan in zip(users, binaan, strict=True)
    )
    LiaisonAssignment.objects.bulk_create(
        LiaisonAssignment(
            officer=by_office[k.office_id][n % LIAISONS_PER_OFFICE],
            kelurahan=k,
            start_date=k.binaan_since,
        )
        for n, k in enumerate(binaan)
    )
    return len(staff) + len(liaisons) + 2 * len(binaan)


def load_world(seed: int) -> rows.World:
    """The ids the row generators pick from."""
    officers = dict(KelurahanOfficer.objects.values_list("kelurahan_id", "user_id"))
    liaisons = dict(LiaisonAssignment.objects.values_list("kelurahan_id", "officer_id"))
    places = [
        rows.Place(pk, office_id, name, officers[pk], liaisons[pk])
        for pk, office_id, name in Kelurahan.objects.binaan()
        .filter(office__isnull=False)
        .order_by("kode")
        .values_list("pk", "office_id", "name")
        if pk in officers and pk in liaisons
    ]
    if not places:
        raise ValueError("No binaan kelurahan with an officer: nothing to generate sessions for.")
    return rows.World(
        now=timezone.now(),
        places=places,
        covered=list(
            Kelurahan.objects.filter(office__isnull=False)
            .order_by("pk")
            .values_list("pk", "office")
        ),
        default_office_id=Office.objects.get(slug=settings.TIP_DEFAULT_OFFICE).pk,
        staff_by_office=dict(OfficeStaff.objects.values_list("office_id", "user_id")),
        topic_ids=list(Topic.objects.order_by("pk").values_list("pk", flat=True)),
        partner_ids=list(Partner.objects.order_by("pk").values_list("pk", flat=True)),
        seed=seed,
        ciphertexts=rows.report_ciphertexts(),
    )


def write_sessions(world: rows.World, count: int) -> int:
    first = next_id(OutreachSession)
    written = write_rows(
        OutreachSession, rows.SESSION_FIELDS, rows.session_rows(world, count, first)
    )
    topics = OutreachSession.topics.through
    write_rows(topics, ["outreachsession", "topic"], rows.session_topic_rows(world, count, first))
    speakers = OutreachSession.speakers.through
    write_rows(
        speakers,
        ["outreachsession", "liaisonofficer"],
        rows.session_speaker_rows(world, count, first),
    )
    return written


def write_reports(world: rows.World, count: int) -> int:
    first = next_id(AwarenessReport)
    return write_rows(AwarenessReport, rows.REPORT_FIELDS, rows.report_rows(world, count, first))
