"""Residents' questions: asked, relayed, answered, published as FAQ, passed on as a report.

Like the tip line, nothing here receives request data: a question is what the resident (or the
officer relaying it) typed. Its receipt code is 6 lookup digits and 10 secret digits kept only
as a password hash (kelurahan.services.tips).
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kelurahan.models import (
    AwarenessReport,
    FaqEntry,
    Kelurahan,
    Question,
    ReportUpdate,
    Topic,
)
from kelurahan.permissions import officer_profile
from kelurahan.services.notifications import notify_question_answered
from kelurahan.services.tips import (
    LOOKUP_DIGITS,
    RECEIPT_DIGITS,
    SECRET_DIGITS,
    _random_digits,
    default_office,
    normalize_receipt,
)

logger = logging.getLogger(__name__)

Status = Question.Status
TEXT_MAX_LENGTH = 5_000


def _assign_receipt(question: Question) -> str:
    """Give the question a fresh receipt code and keep only its hash; return the code once."""
    for _attempt in range(50):
        lookup = _random_digits(LOOKUP_DIGITS)
        if not Question.objects.filter(receipt_lookup=lookup).exists():
            break
    else:
        raise RuntimeError("no free question receipt lookup")
    secret = _random_digits(SECRET_DIGITS)
    question.receipt_lookup = lookup
    question.receipt_hash = make_password(secret)
    return lookup + secret


def _require_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your question.")})
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError({"text": _("The question is too long.")})
    return text


def _create(**fields: Any) -> tuple[Question, str]:
    question = Question(status=Status.OPEN, submitted_at=timezone.now(), **fields)
    code = _assign_receipt(question)
    question.full_clean()
    question.save()
    # No e-mail for a question: it waits in the office's inbox (tips and urgent reports mail).
    return question, code


@transaction.atomic
def question_submit(
    *,
    text: str,
    topic: Topic | None = None,
    kelurahan: Kelurahan | None = None,
    contact: str = "",
) -> tuple[Question, str]:
    """A resident asks at /tanya/; return the question and its receipt code (never stored)."""
    question, code = _create(
        source=Question.Source.RESIDENT,
        office=kelurahan.office if kelurahan and kelurahan.office else default_office(),
        kelurahan=kelurahan,
        topic=topic,
        text=_require_text(text),
        contact=(contact or "").strip(),
    )
    logger.info("question %s received", question.pk)
    return question, code


@transaction.atomic
def question_relay(
    *, by: User, text: str, topic: Topic | None = None, contact: str = ""
) -> tuple[Question, str]:
    """A kelurahan officer passes on a question a resident asked them; no identity needed."""
    officer = officer_profile(by)
    if officer is None:
        raise ValidationError(_("Only kelurahan officers can relay questions."))
    kelurahan = officer.kelurahan
    question, code = _create(
        source=Question.Source.OFFICER,
        office=kelurahan.office or default_office(),
        kelurahan=kelurahan,
        relayed_by=by,
        topic=topic,
        text=_require_text(text),
        contact=(contact or "").strip(),
    )
    logger.info("question %s relayed by user %s", question.pk, by.pk)
    return question, code


def question_find(code: str) -> Question | None:
    """The question a receipt code opens, or None; every miss costs the same hashing time."""
    digits = normalize_receipt(code)
    lookup, secret = digits[:LOOKUP_DIGITS], digits[LOOKUP_DIGITS:]
    question = None
    if len(digits) == RECEIPT_DIGITS:
        question = (
            Question.objects.select_related("topic", "report").filter(receipt_lookup=lookup).first()
        )
    if question is None:
        make_password(secret)  # same work as a real check, so timing tells nothing
        return None
    return question if check_password(secret, question.receipt_hash) else None


def _locked(question: Question) -> Question:
    return Question.objects.select_for_update().get(pk=question.pk)


@transaction.atomic
def question_answer(*, question: Question, by: User, answer: str) -> Question:
    """Staff answer (or correct their answer); the asker reads it with the receipt code."""
    question = _locked(question)
    if question.status == Status.REPORTED:
        raise ValidationError(_("This question was passed on as a report and cannot be answered."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    now = timezone.now()
    question.answer = answer
    question.answered_by = by
    question.answered_at = now
    if question.status == Status.OPEN:
        question.closed_at = now
    question.status = Status.ANSWERED
    question.full_clean()
    question.save()
    logger.info("question %s answered by user %s", question.pk, by.pk)
    notify_question_answered(question=question)
    return question


@transaction.atomic
def question_publish_faq(
    *,
    question: Question,
    by: User,
    question_id: str,
    question_en: str,
    answer_id: str,
    answer_en: str,
    topic: Topic | None = None,
) -> FaqEntry:
    """Publish an answered question as a FAQ entry, rewritten in both languages."""
    question = _locked(question)
    if question.status != Status.ANSWERED:
        raise ValidationError(_("Only an answered question can become a FAQ entry."))
    texts = {
        "question": question_id,
        "question_en": question_en,
        "answer": answer_id,
        "answer_en": answer_en,
    }
    missing = {name: _("Required in both languages.") for name, v in texts.items() if not v.strip()}
    if missing:
        raise ValidationError(missing)
    topic = topic or question.topic
    if topic is None:
        raise ValidationError({"topic": _("Choose a topic for the FAQ entry.")})
    entry = FaqEntry.objects.filter(from_question=question).first() or FaqEntry(
        from_question=question
    )
    entry.topic = topic
    entry.kelurahan = question.kelurahan
    entry.is_published = True
    for name, value in texts.items():
        setattr(entry, name, value.strip())
    entry.full_clean()
    entry.save()
    logger.info("question %s published as FAQ %s by user %s", question.pk, entry.pk, by.pk)
    return entry


@transaction.atomic
def question_convert_to_report(*, question: Question, by: User) -> AwarenessReport:
    """A question that reveals possible trafficking becomes an awareness report in triage.

    The receipt code keeps working: /tanya/status/ then says it was passed on as a report.
    """
    question = _locked(question)
    if question.status == Status.REPORTED:
        raise ValidationError(_("This question was already passed on as a report."))
    now = timezone.now()
    relayed = question.source == Question.Source.OFFICER
    report = AwarenessReport(
        source=AwarenessReport.Source.ASSISTED if relayed else AwarenessReport.Source.TIP_LINE,
        filed_by=question.relayed_by if relayed else None,
        office=question.office,
        kelurahan=question.kelurahan,
        observed=question.text,
        reporter_contact=question.contact,
        status=AwarenessReport.Status.SUBMITTED,
        submitted_at=now,
    )
    report.full_clean()
    report.save()
    ReportUpdate.objects.create(
        report=report,
        author=by,
        to_status=AwarenessReport.Status.SUBMITTED,
        internal_note=_("Passed on from question %(reference)s.") % {"reference": question},
    )
    question.report = report
    question.status = Status.REPORTED
    question.closed_at = now
    question.save()
    logger.info("question %s passed on as report %s by user %s", question.pk, report.pk, by.pk)
    return report


def questions_expired(*, now: datetime.datetime | None = None) -> QuerySet[Question]:
    """Questions answered or passed on longer ago than the retention period."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.QUESTION_RETENTION_DAYS)
    return Question.objects.filter(closed_at__lt=cutoff)


def questions_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete expired questions; published FAQ entries stay (they hold no personal data)."""
    count = 0
    for pk in questions_expired(now=now).values_list("pk", flat=True).iterator():
        with transaction.atomic():
            count += Question.objects.filter(pk=pk).delete()[1].get("kelurahan.Question", 0)
    logger.info("purged %s expired questions", count)
    return count
