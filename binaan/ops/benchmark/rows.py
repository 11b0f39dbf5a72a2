"""Rows of synthetic outreach sessions and awareness reports, each valid against its model.

Every row follows the models' rules: a session ends after it starts and its total covers men
and women; a report that is not a draft has its submission time, a referred one its partner,
one from an officer (or assisted by one) its filer and kelurahan, a tip no filer, every report
an office (the kelurahan's, or the default office for tips whose kelurahan is unknown). Text
fields that are encrypted at rest get one ciphertext made by the field itself, reused for all
rows, so the admin decrypts what it shows. Same seed, same rows.
"""

import datetime
import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from binaan.ops.benchmark.bulk import encrypted_value
from kelurahan.models import AwarenessReport, OutreachSession

SessionStatus = OutreachSession.Status
Kind = OutreachSession.Kind
ReportStatus = AwarenessReport.Status
Source = AwarenessReport.Source


class Dice(random.Random):
    """random.Random with quicker picks: a million rows call these ten million times."""

    def between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def pick(self, items):
        return items[int(self.random() * len(items))]

    def weighted(self, weights: "Weights"):
        return weights.values[bisect(weights.cumulative, self.random() * weights.cumulative[-1])]


class Weights:
    def __init__(self, weights: dict):
        self.values = list(weights)
        self.cumulative = list(accumulate(weights.values()))


YEARS_OF_HISTORY = 5
DAYS_AHEAD = 90
HISTORY = datetime.timedelta(days=365 * YEARS_OF_HISTORY)
SESSION_LENGTH = datetime.timedelta(hours=2)
RECEIPT_LOOKUPS = 1_000_000  # six digits; reports numbered beyond get none

KIND_WEIGHTS = Weights(
    {Kind.SOSIALISASI: 70, Kind.PASSPORT_SERVICE: 15, Kind.COORDINATION: 10, Kind.OTHER: 5}
)
KIND_TITLES = {
    Kind.SOSIALISASI: "Sosialisasi pencegahan TPPO dan TPPM",
    Kind.PASSPORT_SERVICE: "Layanan paspor keliling",
    Kind.COORDINATION: "Rapat koordinasi desa binaan",
    Kind.OTHER: "Kegiatan bersama warga",
}
SOURCE_WEIGHTS = Weights({Source.OFFICER: 75, Source.TIP_LINE: 18, Source.ASSISTED: 7})
# Share of each status among reports that are not drafts (3 % of officers' reports are).
STATUS_WEIGHTS = Weights(
    {
        ReportStatus.SUBMITTED: 8,
        ReportStatus.UNDER_REVIEW: 8,
        ReportStatus.REFERRED: 6,
        ReportStatus.CLOSED: 55,
        ReportStatus.NOT_SUBSTANTIATED: 23,
    }
)
DRAFT_SHARE = 0.03

SESSION_TEXT = {
    "description": (
        "Sosialisasi bagi warga tentang cara mengenali modus perdagangan orang, bekerja ke luar "
        "negeri secara prosedural, dan layanan paspor. Terbuka untuk umum, tanpa biaya."
    ),
    "summary": (
        "Warga antusias bertanya tentang syarat paspor dan cara memeriksa agen penyalur PMI. "
        "Brosur dibagikan; petugas kelurahan akan meneruskan informasi ke RT/RW."
    ),
    "cancel_reason": "Bertepatan dengan kegiatan lain di kelurahan; jadwal baru diumumkan.",
}
REPORT_TEXT = {
    "observed": (
        "Seorang perekrut menawarkan pekerjaan di luar negeri kepada beberapa warga muda tanpa "
        "kontrak tertulis dan meminta paspor mereka disimpan. Mereka dijanjikan berangkat bulan "
        "depan melalui jalur yang tidak jelas; keluarga khawatir."
    ),
    "location_rt_rw": "RT 003/RW 007",
    "location_street": "Jl. Kebon Kosong Raya, dekat musala",
    "reporter_contact": "0812-3456-7890 (sore hari)",
}
RECEIPT_HASH = "pbkdf2_sha256$1000000$benchmark$not-a-real-receipt-hash="


@dataclass(frozen=True)
class Place:
    """A binaan kelurahan with the people who work there."""

    kelurahan_id: int
    office_id: int
    name: str
    officer_user_id: int  # the kelurahan officer who proposes sessions and files reports
    liaison_id: int  # the PIMPASA assigned to it


@dataclass
class World:
    """What the generators pick from; built once from the database."""

    now: datetime.datetime
    places: list[Place]
    covered: list[tuple[int, int]]  # (kelurahan, office) of every kelurahan an office covers
    default_office_id: int
    staff_by_office: dict[int, int]
    topic_ids: list[int]
    partner_ids: list[int]
    seed: int = 7
    ciphertexts: dict[str, str] = field(default_factory=dict)


SESSION_FIELDS = [
    "id",
    "kelurahan",
    "office",  # the kelurahan's: the database refuses any other (migration 0020)
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "status",
    "attendance_men",
    "attendance_women",
    "attendance_total",
    "summary",
    "cancel_reason",
    "is_published",
    "proposed_by",
    "created_at",
    "updated_at",
]


def session_rows(world: World, count: int, first_id: int):
    """`count` sessions spread over the binaan kelurahan, past five years and next 90 days."""
    rng = Dice(world.seed)  # noqa: S311 (made-up data)
    span = (HISTORY + datetime.timedelta(days=DAYS_AHEAD)).total_seconds()
    start_of_history = world.now - HISTORY
    for index in range(count):
        place = world.places[index % len(world.places)]
        kind = rng.weighted(KIND_WEIGHTS)
        starts = start_of_history + datetime.timedelta(seconds=int(rng.random() * span))
        starts = starts.replace(minute=0, second=0, microsecond=0)
        ends = starts + SESSION_LENGTH
        status = _session_status(rng, starts, world.now)
        men = women = total = None
        summary = cancel_reason = ""
        if status == SessionStatus.HELD and rng.random() > 0.05:  # 5 % still incomplete
            men, women = rng.between(5, 80), rng.between(5, 80)
            total = men + women + rng.between(0, 5)
            summary = SESSION_TEXT["summary"]
        if status == SessionStatus.CANCELLED:
            cancel_reason = SESSION_TEXT["cancel_reason"]
        created = min(starts - datetime.timedelta(days=rng.between(7, 30)), world.now)
        updated = min(max(ends, created), world.now)
        yield (
            first_id + index,
            place.kelurahan_id,
            place.office_id,
            kind,
            f"{KIND_TITLES[kind]} di {place.name}",
            SESSION_TEXT["description"],
            starts,
            ends,
            f"Aula Kantor {place.name}",
            status,
            men,
            women,
            total,
            summary,
            cancel_reason,
            rng.random() < 0.9,
            place.officer_user_id if rng.random() < 0.5 else None,
            created,
            updated,
        )


def _session_status(rng: Dice, starts: datetime.datetime, now: datetime.datetime):
    roll = rng.random()
    if starts > now:
        return SessionStatus.CANCELLED if roll < 0.05 else SessionStatus.PLANNED
    if roll < 0.05:
        return SessionStatus.CANCELLED
    return SessionStatus.PLANNED if roll < 0.12 else SessionStatus.HELD


def session_topic_rows(world: World, count: int, first_id: int):
    """One or two topics per session (session id, topic id)."""
    rng = Dice(world.seed + 1)  # noqa: S311 (made-up data)
    for session_id in range(first_id, first_id + count):
        for topic_id in rng.sample(world.topic_ids, k=min(len(world.topic_ids), rng.between(1, 2))):
            yield session_id, topic_id


def session_speaker_rows(world: World, count: int, first_id: int):
    """The kelurahan's liaison officer speaks at each session (session id, officer id)."""
    for index in range(count):
        yield first_id + index, world.places[index % len(world.places)].liaison_id


REPORT_FIELDS = [
    "id",
    "source",
    "office",
    "kelurahan",
    "filed_by",
    "category",
    "observed",
    "observed_on",
    "location_rt_rw",
    "location_street",
    "people_at_risk",
    "urgency",
    "status",
    "referred_to",
    "assigned_to",
    "reporter_contact",
    "receipt_lookup",
    "receipt_hash",
    "submitted_at",
    "closed_at",
    "created_at",
    "updated_at",
]


def report_ciphertexts() -> dict[str, str]:
    return {
        name: encrypted_value(AwarenessReport, name, text) for name, text in REPORT_TEXT.items()
    }


def report_rows(world: World, count: int, first_id: int):
    """`count` reports from officers, assisted residents and the tip line, over five years."""
    rng = Dice(world.seed + 2)  # noqa: S311 (made-up data)
    secret = world.ciphertexts or report_ciphertexts()
    categories = [choice for choice, _label in AwarenessReport.Category.choices]
    history = HISTORY.total_seconds()
    for index in range(count):
        source = rng.weighted(SOURCE_WEIGHTS)
        kelurahan_id, office_id, filer = _report_place(rng, world, source)
        status = _report_status(rng, source)
        created = world.now - datetime.timedelta(seconds=int(rng.random() * history))
        submitted: datetime.datetime | None = None
        closed: datetime.datetime | None = None
        if status != ReportStatus.DRAFT:
            submitted = min(created + datetime.timedelta(hours=rng.between(0, 48)), world.now)
        if submitted and status in AwarenessReport.FINAL_STATUSES:  # final: never a draft
            closed = min(submitted + datetime.timedelta(days=rng.between(1, 60)), world.now)
        lookup = None
        if source in AwarenessReport.RESIDENT_SOURCES and first_id + index < RECEIPT_LOOKUPS:
            lookup = f"{first_id + index:06d}"  # unique: the report's own number
        handled = status not in (ReportStatus.DRAFT, ReportStatus.SUBMITTED)
        yield (
            first_id + index,
            source,
            office_id,
            kelurahan_id,
            filer,
            rng.pick(categories),
            secret["observed"],
            (created - datetime.timedelta(days=rng.between(0, 14))).date(),
            secret["location_rt_rw"] if rng.random() < 0.8 else "",
            secret["location_street"] if rng.random() < 0.8 else "",
            rng.between(1, 12) if rng.random() < 0.7 else None,
            AwarenessReport.Urgency.URGENT
            if rng.random() < 0.1
            else AwarenessReport.Urgency.NORMAL,
            status,
            rng.pick(world.partner_ids) if status == ReportStatus.REFERRED else None,
            world.staff_by_office.get(office_id) if handled and rng.random() < 0.8 else None,
            secret["reporter_contact"] if source == Source.TIP_LINE and rng.random() < 0.3 else "",
            lookup,
            RECEIPT_HASH if lookup else "",
            submitted,
            closed,
            created,
            closed or submitted or created,
        )


def _report_place(rng: Dice, world: World, source: str):
    """(kelurahan, office, filer): tips may be about any kelurahan, or an unknown one."""
    if source != Source.TIP_LINE:
        place = rng.pick(world.places)
        return place.kelurahan_id, place.office_id, place.officer_user_id
    if rng.random() < 0.1 or not world.covered:
        return None, world.default_office_id, None
    kelurahan_id, office_id = rng.pick(world.covered)
    return kelurahan_id, office_id, None


def _report_status(rng: Dice, source: str):
    if source != Source.TIP_LINE and rng.random() < DRAFT_SHARE:
        return ReportStatus.DRAFT
    return rng.weighted(STATUS_WEIGHTS)
