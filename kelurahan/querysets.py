"""Reusable filters on the models; scoping by user lives in permissions.py."""

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone


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


class OutreachSessionQuerySet(models.QuerySet):
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

    def incomplete(self):
        """Held sessions still missing their attendance or summary."""
        return self.held().filter(Q(attendance_total__isnull=True) | Q(summary=""))

    def totals(self) -> dict:
        """Sessions held and residents reached, from verified results only."""
        held = self.with_public_results().order_by()
        result = held.aggregate(
            sessions_held=Count("id"), residents_reached=Sum("attendance_total")
        )
        result["residents_reached"] = result["residents_reached"] or 0
        return result


class AwarenessReportQuerySet(models.QuerySet):
    def for_kelurahan(self, kelurahan):
        return self.filter(kelurahan=kelurahan)

    def open(self):
        return self.filter(status__in=self.model.OPEN_STATUSES)

    def triage_order(self):
        """Urgent first, then the oldest submission first."""
        return self.order_by("-urgency", "submitted_at", "created_at")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)
