"""The worlds the query-budget tests count pages in: one small, then grown tenfold."""

import datetime
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kelurahan import audit, services
from kelurahan.models import AwarenessReport, Kelurahan
from kelurahan.services import questions as question_services
from kelurahan.services.notifications import queue_email
from tests.support import factories
from tests.support.publicpages import article, designate, png

ANONYMOUS, OFFICER_ROLE, STAFF, SUPERUSER = "anonymous", "officer", "staff", "superuser"


@dataclass
class World:
    """The records each page is about; grow() adds more of everything around them."""

    office: object
    city: object  # Jakarta Pusat: with national=False every kelurahan is in it
    place: object  # the kelurahan the officer works for and the public pages show
    officer: object
    staff: object
    superuser: object
    session: object  # held and published: its page lists speakers, partners and photos
    planned: object  # the officer's planned session, for the session forms
    draft: AwarenessReport
    report: AwarenessReport  # submitted: its timeline grows
    tip: AwarenessReport
    tip_code: str
    passport_day: object = None  # accepted: the public passport pages show it
    national: bool = False  # True: each unit of data adds a province and a city
    units: int = 0
    clients: dict = field(default_factory=dict)
    question: object = None  # relayed by the officer and answered: its pages show the answer
    question_code: str = ""


def _today():
    return timezone.localdate()


def _propose(place, *, days, by=None, published=True, **fields):
    """A session on two topics with a speaker and a partner, like real ones."""
    starts = timezone.now() + datetime.timedelta(days=days)
    session = services.session_propose(
        kelurahan=place,
        proposed_by=by,
        title=fields.pop("title", "Sosialisasi pencegahan TPPO"),
        venue="Aula Kantor Kelurahan",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        description="Sosialisasi bagi warga.",
        topics=[factories.topic("tppo"), factories.topic("tppm")],
        partners=[factories.partner()],
        **fields,
    )
    return services.session_publish(session=session, by=None) if published else session


def _held(place, *, days=-3, complete=True, speakers=()):
    session = _propose(place, days=days, speakers=speakers)
    results = {"attendance_men": 20, "attendance_women": 25, "attendance_total": 45}
    results["summary"] = "Warga bertanya tentang kerja di luar negeri."
    if not complete:
        results = {}
    held = services.session_mark_held(
        session=session, by=None, photos=[(png(), "Warga bertanya")], **results
    )
    return services.session_verify_results(session=held, by=None)


def new_kelurahan(world, n: int, slot: int, office, **fields):
    """A kelurahan in a new kecamatan: of Jakarta Pusat, or (national) of a new city."""
    city = factories.kota(f"{40 + n}.01") if world.national else world.city
    kecamatan = factories.kecamatan(kode=f"{city.kode}.{10 + 3 * n + slot:02d}", kota=city)
    return factories.kelurahan(kecamatan=kecamatan, office=office, **fields)


def build_world(*, national=False) -> World:
    office = factories.main_office()
    city = factories.kota("31.71")
    kemayoran = factories.kecamatan(kode="31.71.03", kota=city, name="Kemayoran")
    place = factories.kelurahan(
        kecamatan=kemayoran, name="Kebon Kosong", slug="kebon-kosong", kode="31.71.03.1002"
    )
    designate(place)
    officer = factories.kelurahan_officer(place, username="petugas.kk")
    staff = factories.staff(office, username="staf.kanim")
    draft = factories.report(place, filed_by=officer.user, submit=False)
    report = factories.report(place, filed_by=officer.user)
    services.report_start_review(report=report, by=staff)
    tip, tip_code = services.tip_submit(observed="Ada perekrut di RT 003.", kelurahan=place)
    article("artikel-utama")
    world = World(
        office=office,
        city=city,
        national=national,
        place=place,
        officer=officer,
        staff=staff,
        superuser=factories.superuser(),
        session=_held(place, speakers=[factories.liaison_officer(office)]),
        planned=_propose(place, days=5, by=officer.user, published=False),
        draft=draft,
        report=report,
        tip=tip,
        tip_code=tip_code,
    )
    world.question, world.question_code = question_services.question_relay(
        by=officer.user, text="Warga bertanya tentang paspor anak.", topic=factories.topic("paspor")
    )
    question_services.question_answer(question=world.question, by=staff, answer="Jawaban.")
    world.passport_day = _passport_day(place, officer.user, staff)
    grow(world, 1)
    return world


def _passport_day(place, by, staff, *, days=20, accepted=True):
    """A passport service day of `place`: requested, or accepted for `days` from now."""
    day = services.passport_day_request(
        kelurahan=place,
        requested_by=by,
        expected_applicants=60,
        preferred_date=_today() + datetime.timedelta(days=30),
        venue="Aula Kantor Kelurahan",
        contact_name="Siti Rahma",
        contact_phone="021-4200000",
    )
    if not accepted:
        return day
    starts = timezone.now() + datetime.timedelta(days=days)
    return services.passport_day_accept(
        day=day, by=staff, starts_at=starts, ends_at=starts + datetime.timedelta(hours=4)
    )


def grow(world: World, units: int) -> None:
    """Add `units` units of every kind of data, around the world's records and elsewhere."""
    for _ in range(units):
        world.units += 1
        _grow_programme(world, world.units)
        _grow_reports(world, world.units)
        _grow_questions(world, world.units)
        _grow_accounts(world, world.units)


def _grow_programme(world: World, n: int) -> None:
    place, office = world.place, world.office
    other = new_kelurahan(world, n, 0, office)
    designate(other)
    audit.record_access(other, part="poster")  # a "print the poster" step done (rollout)
    liaison = factories.liaison_officer(office)
    for kelurahan in (place, other):
        services.liaison_assign(officer=liaison, kelurahan=kelurahan, start_date=_today())
        _propose(kelurahan, days=3 + n, speakers=[liaison])
        _held(kelurahan, days=-3 - n, speakers=[liaison])
    _held(place, days=-40 - n, complete=False)  # results missing
    _propose(place, days=-1, by=world.officer.user)  # past, still planned: awaiting results
    cancelled = _propose(place, days=10 + n)
    services.session_cancel(session=cancelled, by=None, reason="Hujan deras")
    # Awaiting publication; over a month after world.planned, so their dates never share a
    # month (the admin's date drill-down would then run one more query on the small world).
    _propose(place, days=40 + n, by=world.officer.user, published=False)
    changed = _propose(place, days=30 + n, by=world.officer.user)  # an edit waits for review
    services.session_change_propose(
        session=changed, by=world.officer.user, changes={"title": f"Judul usulan {n}"}
    )
    for days in (-5 - n, -70 - n):  # results not verified yet, in two months
        unverified = _propose(place, days=days, by=world.officer.user)
        services.session_mark_held(session=unverified, by=world.officer.user, summary="Dicek.")
    world.session.speakers.add(liaison)
    services.session_add_photo(session=world.session, by=None, image=png(), caption=f"Foto {n}")
    _grow_passport_days(world, other, n)
    article(f"artikel-{n}")
    article(f"artikel-lain-{n}", topic="paspor")
    article(f"draf-{n}", published=False)


def _grow_passport_days(world: World, other, n: int) -> None:
    """Accepted, waiting, declined and held passport service days, here and elsewhere."""
    by, staff = world.officer.user, world.staff
    for kelurahan in (world.place, other):
        _passport_day(kelurahan, by, staff, days=5 + n)
    _passport_day(world.place, by, staff, accepted=False)
    declined = _passport_day(world.place, by, staff, accepted=False)
    services.passport_day_decline(day=declined, by=staff, reason="Jadwal penuh")
    held = _passport_day(world.place, by, staff, days=-n - 1)
    services.passport_day_record_results(
        day=held, by=staff, applications_served=30 + n, applications_delayed=n
    )


def _grow_reports(world: World, n: int) -> None:
    place, staff, officer = world.place, world.staff, world.officer.user
    factories.report(place, filed_by=officer)
    factories.report(place, filed_by=officer, submit=False)
    reviewed = factories.report(place, filed_by=officer)
    services.report_start_review(report=reviewed, by=staff)
    services.report_refer(report=reviewed, by=staff, partner=factories.partner())
    late_target = datetime.date(2024, 1, 1)  # a rollout target already passed
    place_2 = new_kelurahan(world, n, 1, world.office, postal_code="10110")
    Kelurahan.objects.filter(pk=place_2.pk).update(designation_target=late_target)
    factories.report(place_2)
    services.tip_submit(observed=f"Tawaran kerja mencurigakan {n}.")  # kelurahan unknown
    services.tip_submit(observed=f"Tawaran kerja di RT {n}.", kelurahan=place)
    note = {"note_for_reporter": f"Pesan {n}", "internal_note": f"Catatan {n}"}
    services.report_add_note(report=world.report, by=staff, **note)
    services.report_add_note(report=world.tip, by=staff, **note)
    services.tip_add_information(report=world.tip, message=f"Informasi tambahan {n}")
    queue_email(
        to=[f"piket{n}@imigrasi.example"], subject=f"Uji {n}", body="-", office=world.office
    )


def _grow_questions(world: World, n: int) -> None:
    """Questions asked, relayed, answered, published and passed on, here and elsewhere."""
    place, staff = world.place, world.staff
    paspor, apoa = factories.topic("paspor"), factories.topic("apoa")
    waiting, _code = question_services.question_submit(text=f"Paspor {n}?", kelurahan=place)
    relayed, _code = question_services.question_relay(
        by=world.officer.user, text=f"Visa {n}?", topic=apoa
    )
    for question in (waiting, relayed):
        question_services.question_answer(question=question, by=staff, answer=f"Jawab {n}.")
        question_services.question_publish_faq(
            question=question,
            by=staff,
            topic=paspor,
            question_id=f"Paspor {n}?",
            question_en=f"Passport {n}?",
            answer_id=f"Jawaban paspor {n}.",
            answer_en=f"Passport answer {n}.",
        )
    elsewhere, _code = question_services.question_submit(text=f"Kerja {n}?")
    question_services.question_convert_to_report(question=elsewhere, by=staff)


def _grow_accounts(world: World, n: int) -> None:
    other_office = factories.office()
    factories.staff(other_office)
    factories.staff(world.office)
    factories.kelurahan_officer(world.place)
    factories.report(new_kelurahan(world, n, 2, other_office, name=f"Desa {n}"))
    Group.objects.create(name=f"Seksi {n}")
    TOTPDevice.objects.create(user=factories.staff(world.office), name="App")
    rows = {"username": f"tamu{n}", "ip_address": "10.0.0.1", "user_agent": "t", "path_info": "/"}
    AccessLog.objects.create(http_accept="*/*", **rows)
    AccessFailureLog.objects.create(http_accept="*/*", **rows)
    AccessAttempt.objects.create(
        http_accept="*/*", failures_since_start=1, get_data="", post_data="", **rows
    )
