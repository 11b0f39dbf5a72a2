"""Create clearly fictitious demo data; safe to run again, refuses to run with DEBUG off."""

import datetime
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kelurahan import services
from kelurahan.management import demo_data as demo
from kelurahan.models import (
    AwarenessReport,
    Kelurahan,
    KelurahanOfficer,
    LiaisonAssignment,
    LiaisonOfficer,
    Office,
    OfficeStaff,
    OutreachSession,
    Partner,
    PassportServiceDay,
    Topic,
)
from kelurahan.services.tips import format_receipt

STAFF_PERMISSIONS = r"^(view|add|change)_"


class Command(BaseCommand):
    help = "Create demo accounts, liaison officers, sessions and reports; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even though DEBUG is off (demo servers)."
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like production: refusing to create demo accounts. "
                "Use --force only on a demo server."
            )
        if not Kelurahan.objects.filter(kode=demo.KEBON_KOSONG).exists():
            call_command("load_wilayah", stdout=self.stdout)
        seeder = Seeder()
        with transaction.atomic():
            created = seeder.run()
        summary = ", ".join(f"{count} {what}" for what, count in created.items()) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Demo data created: {summary}."))
        self.print_accounts()
        self.print_office(seeder.office)
        self.print_receipts(seeder.receipts)

    def print_accounts(self) -> None:
        rows = [("Username", "Role", "Log in at", "Password")]
        admin_url, password = f"/{settings.ADMIN_URL}", settings.DEMO_PASSWORD
        rows += [(s["username"], _staff_role(s), admin_url, password) for s in demo.STAFF]
        rows += [
            (
                o["username"],
                f"Kelurahan officer, {_kelurahan_name(o['kelurahan'])}",
                "/petugas/",
                password,
            )
            for o in demo.OFFICERS
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write("")
        for row in rows:
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
        self.stdout.write(
            "The password comes from the DEMO_PASSWORD setting (environment variable) and is set "
            "when an account is first created."
        )

    def print_office(self, office: Office) -> None:
        """Where staff set the office's public contact details and its notification address."""
        page = f"/{settings.ADMIN_URL}kelurahan/office/{office.pk}/change/"
        address = office.notification_address or "not set yet"
        self.stdout.write("")
        self.stdout.write(
            f"Office contact details shown to the public, and the address told about new tips "
            f"({address}): {page} (Admin > Immigration offices)."
        )

    def print_receipts(self, receipts: list[tuple[str, str]]) -> None:
        """Receipt codes of the demo tips just created: shown now only, like to a resident."""
        if not receipts:
            return
        self.stdout.write("")
        self.stdout.write("DEMO receipt codes (fictitious reports; follow them at /lapor/status/):")
        for what, code in receipts:
            self.stdout.write(f"  {format_receipt(code)}  {what}")
        self.stdout.write("They are shown only now: only a hash of each code is stored.")


def _staff_role(spec: dict) -> str:
    return "Superuser (Imigrasi staff)" if spec.get("superuser") else "Imigrasi staff"


def _kelurahan_name(kode: str) -> str:
    return Kelurahan.objects.get(kode=kode).name


def _at(days: int, hour: int = 9) -> datetime.datetime:
    """A local time `days` from today, so demo sessions are always both past and upcoming."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Seeder:
    """Builds the demo records; each step skips what already exists."""

    def __init__(self):
        self.created: Counter[str] = Counter()
        self.office = Office.objects.get(slug=demo.OFFICE_SLUG)
        self.users = {}
        self.receipts: list[tuple[str, str]] = []

    def run(self) -> Counter:
        self.seed_staff()
        self.seed_officers()
        self.seed_liaison_officers()
        self.seed_designations()
        self.seed_assignments()
        self.seed_sessions()
        self.seed_reports()
        self.seed_tip()
        self.seed_assisted_report()
        self.seed_passport_day()
        return self.created

    def kelurahan(self, kode: str) -> Kelurahan:
        return Kelurahan.objects.get(kode=kode)

    def account(self, spec: dict, *, is_staff: bool):
        User = get_user_model()
        user = User.objects.filter(username=spec["username"]).first()
        if user is None:
            create = (
                User.objects.create_superuser if spec.get("superuser") else User.objects.create_user
            )
            user = create(
                username=spec["username"],
                email=spec.get("email", ""),
                password=settings.DEMO_PASSWORD,
                first_name=spec["first_name"],
                last_name=spec["last_name"],
                is_staff=is_staff,
            )
            self.created["accounts"] += 1
        self.users[user.username] = user
        return user

    def seed_staff(self) -> None:
        permissions = Permission.objects.filter(
            content_type__app_label="kelurahan", codename__regex=STAFF_PERMISSIONS
        )
        for spec in demo.STAFF:
            user = self.account(spec, is_staff=True)
            if not user.is_superuser:
                user.user_permissions.add(*permissions)
            OfficeStaff.objects.get_or_create(user=user, defaults={"office": self.office})

    def seed_officers(self) -> None:
        for spec in demo.OFFICERS:
            user = self.account(spec, is_staff=False)
            if KelurahanOfficer.objects.filter(user=user).exists():
                continue
            officer = KelurahanOfficer(
                user=user,
                kelurahan=self.kelurahan(spec["kelurahan"]),
                position=spec["position"],
                phone=spec["phone"],
            )
            officer.full_clean()
            officer.save()

    def seed_liaison_officers(self) -> None:
        for spec in demo.LIAISON_OFFICERS:
            if LiaisonOfficer.objects.filter(nip=spec["nip"]).exists():
                continue
            fields = {k: v for k, v in spec.items() if k != "user"}
            officer = LiaisonOfficer(office=self.office, **fields)
            if spec.get("user"):
                officer.user = self.users[spec["user"]]
            officer.full_clean()
            officer.save()
            self.created["liaison officers"] += 1

    def seed_designations(self) -> None:
        for kode, since, sk_number, notes in demo.DESIGNATIONS:
            kelurahan = self.kelurahan(kode)
            if kelurahan.is_binaan:
                continue
            services.kelurahan_designate(
                kelurahan=kelurahan,
                since=since,
                sk_number=sk_number,
                notes=notes,
                by=self.users["admin"],
            )
            self.created["binaan designations"] += 1

    def seed_assignments(self) -> None:
        for nip, kode, start, end in demo.ASSIGNMENTS:
            officer = LiaisonOfficer.objects.get(nip=nip)
            kelurahan = self.kelurahan(kode)
            if LiaisonAssignment.objects.filter(
                officer=officer, kelurahan=kelurahan, start_date=start
            ).exists():
                continue
            by = self.users["admin"]
            assignment = services.liaison_assign(
                officer=officer, kelurahan=kelurahan, start_date=start, by=by
            )
            if end:
                services.liaison_end_assignment(assignment=assignment, end_date=end, by=by)
            self.created["assignments"] += 1

    def seed_sessions(self) -> None:
        for spec in demo.SESSIONS:
            kelurahan = self.kelurahan(spec["kelurahan"])
            if OutreachSession.objects.filter(kelurahan=kelurahan, title=spec["title"]).exists():
                continue
            self.build_session(spec, kelurahan)
            self.created["sessions"] += 1

    def build_session(self, spec: dict, kelurahan: Kelurahan) -> OutreachSession:
        proposer, admin = self.users[spec["proposer"]], self.users["admin"]
        session = services.session_propose(
            kelurahan=kelurahan,
            proposed_by=proposer,
            title=spec["title"],
            kind=spec.get("kind", OutreachSession.Kind.SOSIALISASI),
            description=spec.get("description", ""),
            starts_at=_at(spec["days"]),
            ends_at=_at(spec["days"], hour=12),
            venue=spec["venue"],
            address=f"Kelurahan {kelurahan.name}, Kecamatan {kelurahan.kecamatan.name}",
            topics=Topic.objects.filter(slug__in=spec["topics"]),
            speakers=LiaisonOfficer.objects.filter(nip__in=spec.get("speakers", [])),
            partners=Partner.objects.filter(name__in=spec.get("partners", [])),
        )
        if spec.get("published", True):
            session = services.session_publish(session=session, by=admin)
        outcome = spec["outcome"]
        if outcome in ("held", "incomplete"):
            results = spec.get("results", {})
            session = services.session_mark_held(session=session, by=proposer, **results)
            if outcome == "held":  # "incomplete" ones stay waiting for the office's check
                session = services.session_verify_results(session=session, by=admin)
        elif outcome == "cancelled":
            session = services.session_cancel(
                session=session, by=admin, reason=spec["cancel_reason"]
            )
        if "officer_change" in spec:
            change = spec["officer_change"]
            services.session_change_propose(
                session=session,
                by=self.users[change["by"]],
                changes=change["changes"],
                office_note=change["office_note"],
            )
        return session

    def seed_passport_day(self) -> None:
        """Kebon Kosong's accepted passport service day (Eazy Passport), three weeks ahead."""
        kelurahan = self.kelurahan(demo.KEBON_KOSONG)
        if PassportServiceDay.objects.filter(kelurahan=kelurahan).exists():
            return
        day = services.passport_day_request(
            kelurahan=kelurahan,
            requested_by=self.users["petugas.kebonkosong"],
            expected_applicants=60,
            preferred_date=timezone.localdate() + datetime.timedelta(days=21),
            venue="Aula Kantor Kelurahan Kebon Kosong",
            contact_name="Petugas Kelurahan Kebon Kosong",
            contact_phone="021-4200000",
        )
        services.passport_day_accept(
            day=day, by=self.users["admin"], starts_at=_at(21, 8), ends_at=_at(21, 14)
        )
        self.created["passport service days"] += 1

    def seed_reports(self) -> None:
        for spec in demo.REPORTS:
            kelurahan, filer = self.kelurahan(spec["kelurahan"]), self.users[spec["filed_by"]]
            if _has_report(spec["observed"], kelurahan=kelurahan, filed_by=filer):
                continue
            content = {k: v for k, v in spec.items() if k not in ("kelurahan", "filed_by", "steps")}
            report = services.report_create_draft(kelurahan=kelurahan, filed_by=filer, **content)
            for action, arguments in spec["steps"]:
                report = self.report_step(report, action, dict(arguments), filer)
            self.created["reports"] += 1

    def report_step(self, report, action: str, arguments: dict, filer) -> AwarenessReport:
        """Run one step of a report's demo history through its service."""
        admin = self.users["admin"]
        if action == "submit":
            return services.report_submit(report=report, by=filer)
        if action == "assign":
            assignee = self.users[arguments["assignee"]]
            return services.report_assign(report=report, by=admin, assignee=assignee)
        if action == "refer":
            arguments["partner"] = Partner.objects.get(name=arguments["partner"])
            return services.report_refer(report=report, by=admin, **arguments)
        service = {
            "review": services.report_start_review,
            "close": services.report_close,
            "not_substantiated": services.report_mark_not_substantiated,
        }[action]
        return service(report=report, by=admin, **arguments)

    def seed_tip(self) -> None:
        """An anonymous tip, followed up by the resident and answered by the office."""
        spec = demo.TIP
        if _has_report(spec["observed"], source=AwarenessReport.Source.TIP_LINE):
            return
        tip, code = services.tip_submit(
            observed=spec["observed"],
            category=spec["category"],
            kelurahan=self.kelurahan(spec["kelurahan"]),
            location=spec["location"],
            urgency=spec["urgency"],
        )
        services.tip_add_information(report=tip, message=spec["reporter_addition"])
        services.report_add_note(
            report=tip, by=self.users["admin"], note_for_reporter=spec["note_for_reporter"]
        )
        self.receipts.append((f"{tip.reference}, tip from the tip line", code))
        self.created["tips"] += 1

    def seed_assisted_report(self) -> None:
        """A report the officer filed for a resident at the office; the resident got a code."""
        spec = demo.ASSISTED_REPORT
        kelurahan, filer = self.kelurahan(spec["kelurahan"]), self.users[spec["filed_by"]]
        if _has_report(spec["observed"], kelurahan=kelurahan, filed_by=filer):
            return
        content = {k: v for k, v in spec.items() if k not in ("kelurahan", "filed_by")}
        report = services.report_create_draft(
            kelurahan=kelurahan,
            filed_by=filer,
            source=AwarenessReport.Source.ASSISTED,
            **content,
        )
        report = services.report_submit(report=report, by=filer)
        code = services.report_issue_receipt(report=report, by=filer)
        self.receipts.append(
            (f"{report.reference}, filed by {filer.username} for a resident", code)
        )
        self.created["assisted reports"] += 1


def _has_report(observed: str, **filters) -> bool:
    """Whether a report with this text exists; the text is encrypted, so compared in Python."""
    texts = AwarenessReport.objects.filter(**filters).values_list("observed", flat=True)
    return observed in texts
