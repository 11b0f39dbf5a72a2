"""Awareness reports: drafting and submitting (officers), triage (staff).

Logs carry ids and statuses only, never what a report says.
"""

import logging
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kelurahan.models import AwarenessReport, Kelurahan, Partner, ReportUpdate
from kelurahan.services.notifications import (
    notify_report_assigned,
    notify_report_received,
    notify_report_update,
)

logger = logging.getLogger(__name__)

Status = AwarenessReport.Status

# Fields an officer writes; everything else changes only through the services below.
CONTENT_FIELDS = (
    "category",
    "observed",
    "observed_on",
    "location_rt_rw",
    "location_street",
    "people_at_risk",
    "urgency",
)


def _locked(report: AwarenessReport) -> AwarenessReport:
    return AwarenessReport.objects.select_for_update().get(pk=report.pk)


def _require_staff(user: User | None) -> None:
    if not (user and user.is_staff):
        raise PermissionError("only staff can triage reports")


def _record(
    report: AwarenessReport,
    *,
    by: User | None,
    from_status: str = "",
    note_for_reporter: str = "",
    internal_note: str = "",
) -> ReportUpdate:
    update = ReportUpdate.objects.create(
        report=report,
        author=by,
        from_status=from_status,
        to_status=report.status if from_status else "",
        note_for_reporter=note_for_reporter.strip(),
        internal_note=internal_note.strip(),
    )
    logger.info(
        "report %s %s by user %s",
        report.pk,
        f"{from_status} -> {report.status}" if from_status else "note",
        getattr(by, "pk", None),
    )
    notify_report_update(update=update)
    return update


def _move(
    report: AwarenessReport, to_status: str, *, by: User | None, **notes: str
) -> AwarenessReport:
    if not report.can_move_to(to_status):
        raise ValidationError(
            _("A report that is %(current)s cannot become %(target)s.")
            % {"current": report.get_status_display(), "target": Status(to_status).label}
        )
    from_status = report.status
    report.status = to_status
    if to_status in AwarenessReport.FINAL_STATUSES:
        report.closed_at = timezone.now()
    report.save()
    _record(report, by=by, from_status=from_status, **notes)
    return report


@transaction.atomic
def report_create_draft(
    *,
    kelurahan: Kelurahan,
    filed_by: User,
    source: str = AwarenessReport.Source.OFFICER,
    **content: Any,
) -> AwarenessReport:
    """Start a report of the officer's kelurahan; ASSISTED when filed for a resident present."""
    if source == AwarenessReport.Source.TIP_LINE:
        raise ValueError("tips are filed through tip_submit, anonymously")
    if kelurahan.office_id is None:
        raise ValidationError(
            _(
                "No immigration office covers %(name)s yet, so a report cannot reach anyone. "
                "Please call a hotline instead."
            )
            % {"name": kelurahan.name}
        )
    report = AwarenessReport(
        kelurahan=kelurahan,
        office_id=kelurahan.office_id,
        filed_by=filed_by,
        source=source,
        status=Status.DRAFT,
    )
    for field in CONTENT_FIELDS:
        if field in content:
            setattr(report, field, content[field])
    report.full_clean()  # a draft may lack category and text; submitting requires them
    report.save()
    logger.info("report %s drafted by user %s", report.pk, filed_by.pk)
    return report


@transaction.atomic
def report_update_draft(*, report: AwarenessReport, by: User, **content: Any) -> AwarenessReport:
    report = _locked(report)
    if not report.is_editable_by_officer:
        raise ValidationError(_("A submitted report can no longer be changed."))
    for field in CONTENT_FIELDS:
        if field in content:
            setattr(report, field, content[field])
    report.full_clean()  # a draft may lack category and text; submitting requires them
    report.save()
    logger.info("report %s draft saved by user %s", report.pk, by.pk)
    return report


@transaction.atomic
def report_submit(*, report: AwarenessReport, by: User) -> AwarenessReport:
    """Send a draft to the office; it must say what was observed and its category."""
    report = _locked(report)
    errors = {}
    if not report.category:
        errors["category"] = _("Choose a category before submitting.")
    if not report.observed.strip():
        errors["observed"] = _("Describe what was observed before submitting.")
    if errors:
        raise ValidationError(errors)
    report.full_clean()
    report.submitted_at = timezone.now()
    _move(report, Status.SUBMITTED, by=by)
    notify_report_received(report=report)
    return report


@transaction.atomic
def report_start_review(
    *, report: AwarenessReport, by: User, note_for_reporter: str = "", internal_note: str = ""
) -> AwarenessReport:
    _require_staff(by)
    report = _locked(report)
    if report.assigned_to_id is None:
        report.assigned_to = by
    return _move(
        report,
        Status.UNDER_REVIEW,
        by=by,
        note_for_reporter=note_for_reporter,
        internal_note=internal_note,
    )


@transaction.atomic
def report_refer(
    *,
    report: AwarenessReport,
    by: User,
    partner: Partner,
    note_for_reporter: str = "",
    internal_note: str = "",
) -> AwarenessReport:
    """Hand the case to a partner agency (police, Disnaker, BP3MI, ...)."""
    _require_staff(by)
    if partner is None:
        raise ValidationError({"referred_to": _("Choose the agency the report is referred to.")})
    report = _locked(report)
    if report.can_move_to(Status.REFERRED):
        report.referred_to = partner
    return _move(
        report,
        Status.REFERRED,
        by=by,
        note_for_reporter=note_for_reporter,
        internal_note=internal_note,
    )


@transaction.atomic
def report_close(
    *, report: AwarenessReport, by: User, note_for_reporter: str = "", internal_note: str = ""
) -> AwarenessReport:
    _require_staff(by)
    report = _locked(report)
    return _move(
        report,
        Status.CLOSED,
        by=by,
        note_for_reporter=note_for_reporter,
        internal_note=internal_note,
    )


@transaction.atomic
def report_mark_not_substantiated(
    *, report: AwarenessReport, by: User, note_for_reporter: str = "", internal_note: str = ""
) -> AwarenessReport:
    _require_staff(by)
    report = _locked(report)
    return _move(
        report,
        Status.NOT_SUBSTANTIATED,
        by=by,
        note_for_reporter=note_for_reporter,
        internal_note=internal_note,
    )


@transaction.atomic
def report_assign(*, report: AwarenessReport, by: User, assignee: User | None) -> AwarenessReport:
    _require_staff(by)
    if assignee is not None and not assignee.is_staff:
        raise ValidationError({"assigned_to": _("Reports can only be assigned to staff.")})
    report = _locked(report)
    report.assigned_to = assignee
    report.save(update_fields=["assigned_to", "updated_at"])
    logger.info(
        "report %s assigned to user %s by user %s", report.pk, getattr(assignee, "pk", None), by.pk
    )
    notify_report_assigned(report=report, by=by)
    return report


@transaction.atomic
def report_add_note(
    *, report: AwarenessReport, by: User, note_for_reporter: str = "", internal_note: str = ""
) -> ReportUpdate:
    """Add a note to the timeline without changing the status."""
    _require_staff(by)
    if not (note_for_reporter.strip() or internal_note.strip()):
        raise ValidationError(_("Write a note for the officer or an internal note."))
    report = _locked(report)
    if report.status == Status.DRAFT:
        raise ValidationError(_("A draft has not been submitted yet."))
    return _record(report, by=by, note_for_reporter=note_for_reporter, internal_note=internal_note)
