"""Reusable filters on the models; scoping by user lives in permissions.py."""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

if TYPE_CHECKING:  # the models import this module; ruff misses their names in quoted bases
    from kelurahan.models import AwarenessReport, OutreachSession  # noqa: F401

# A held session should have its attendance and summary this many days after it ended.
RESULTS_DUE_DAYS = 7
# Before any timeline entry: "the office's last answer" of a report it has not answered yet.
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class KelurahanQuerySet(models.QuerySet):
    def binaan(self):
        return self.filter(is_binaan=True)

    def served(self):
        """Desa/kelurahan an office covers: the programme's own, out of the whole country."""
        return self.filter(office__isnull=False)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(kecamatan__name__icontains=text) | Q(postal_code=text)
        )

    def with_activity(self):
        """Annotate sessions held, residents reached and open reports, in the same query."""
        from kelurahan.models import AwarenessReport, OutreachSession

        held = Q(sessions__status=OutreachSession.Status.HELD)
        return self.annotate(
            sessions_held=Count("sessions", filter=held, distinct=True),
            open_reports=Count(
                "reports",
                filter=Q(reports__status__in=AwarenessReport.OPEN_STATUSES),
                distinct=True,
            ),
        )


class LiaisonAssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)


class OutreachSessionQuerySet(models.QuerySet["OutreachSession"]):
    def published(self):
        return self.filter(is_published=True)

    def for_kelurahan(self, kelurahan):
        return self.filter(kelurahan=kelurahan)

    def upcoming(self):
        return self.filter(status=self.model.Status.PLANNED, ends_at__gte=timezone.now()).order_by(
            "starts_at"
        )

    def held(self):
        return self.filter(status=self.model.Status.HELD).order_by("-starts_at")

    def with_public_results(self):
        """Held sessions whose results the office has verified: the only results residents see.

        Every public figure (home and kelurahan totals, open data) counts these sessions only.
        """
        return self.held().filter(results_verified_at__isnull=False)

    def results_awaiting_verification(self):
        """Held sessions whose attendance, summary or photos staff have not verified yet."""
        return self.held().filter(results_verified_at__isnull=True)

    def results_to_verify(self):
        """Held sessions with attendance and summary recorded that staff have not checked yet."""
        return self.results_awaiting_verification().exclude(
            Q(attendance_total__isnull=True) | Q(summary="")
        )

    def incomplete(self):
        """Held sessions still missing their attendance or summary."""
        return self.held().filter(Q(attendance_total__isnull=True) | Q(summary=""))

    def results_overdue(self):
        """Held sessions that ended more than RESULTS_DUE_DAYS ago and still miss results."""
        due = timezone.now() - datetime.timedelta(days=RESULTS_DUE_DAYS)
        return self.incomplete().filter(ends_at__lt=due)

    def awaiting_publication(self):
        """Planned sessions a kelurahan officer proposed that the office has not published."""
        return self.filter(
            status=self.model.Status.PLANNED,
            is_published=False,
            proposed_by__isnull=False,
            proposed_by__is_staff=False,
        )

    def totals(self) -> dict:
        """Sessions held and residents reached, from verified results only."""
        held = self.with_public_results().order_by()
        result = held.aggregate(
            sessions_held=Count("id"), residents_reached=Sum("attendance_total")
        )
        result["residents_reached"] = result["residents_reached"] or 0
        return result


class AwarenessReportQuerySet(models.QuerySet["AwarenessReport"]):
    def for_kelurahan(self, kelurahan):
        return self.filter(kelurahan=kelurahan)

    def open(self):
        return self.filter(status__in=self.model.OPEN_STATUSES)

    def overdue(self):
        """Open reports submitted more than REPORT_OVERDUE_DAYS ago."""
        since = timezone.now() - datetime.timedelta(days=settings.REPORT_OVERDUE_DAYS)
        return self.open().filter(submitted_at__lt=since)

    def not_taken_up(self):
        """Submitted, assigned to nobody, and nobody of the office has written in its timeline."""
        return self.filter(
            ~Exists(_staff_entries()), status=self.model.Status.SUBMITTED, assigned_to__isnull=True
        )

    def reporter_added(self):
        """Open reports the filer added to after the office's last entry (new ones excluded).

        The filer's entries are the ones without a status change written by the resident
        (no author) or the kelurahan officer who filed it. A report the office has not
        written in yet counts from the start (NEVER): per report, two probes of its timeline.
        """
        last_answer = _staff_entries().order_by("-created_at").values("created_at")[:1]
        return (
            self.open()
            .alias(last_answer=Coalesce(Subquery(last_answer), Value(NEVER)))
            .alias(added=Exists(_reporter_entries().filter(created_at__gt=OuterRef("last_answer"))))
            .filter(added=True)
            .exclude(
                status=self.model.Status.SUBMITTED,
                assigned_to__isnull=True,
                last_answer=NEVER,
            )
        )


def _staff_entries():
    """Timeline entries of the outer report written by the office: by anyone but its filer.

    Only staff triage, and a filer is never staff (kelurahan officers have non-staff accounts,
    tips have no filer), so this needs no join to the accounts table.
    """
    from kelurahan.models import ReportUpdate

    return ReportUpdate.objects.filter(report=OuterRef("pk"), author__isnull=False).exclude(
        author=Coalesce(OuterRef("filed_by"), Value(0))
    )


def _reporter_entries():
    """Entries of the outer report in which its filer added something (no status change)."""
    from kelurahan.models import ReportUpdate

    filer = Q(author__isnull=True) | Q(author=OuterRef("filed_by"))
    return ReportUpdate.objects.filter(filer, report=OuterRef("pk"), to_status="")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)
