"""Residents' immigration questions ("Tanya Imigrasi") and the public answers (FAQ) they become.

A question is treated like a tip: its text, the resident's contact and the office's answer are
encrypted at rest, it is deleted a retention period after it was answered or passed on, and
the receipt code is kept only as a hash. A FAQ entry is public text staff rewrote so that no
one can be identified; it outlives the question it came from.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kelurahan.encryption import EncryptedCharField, EncryptedTextField
from kelurahan.i18n import LocalizedText, TranslatedFieldsMixin
from kelurahan.models.content import Topic
from kelurahan.models.fields import user_reference
from kelurahan.models.reports import AwarenessReport
from kelurahan.models.wilayah import Kelurahan, Office


class QuestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Question.Status.OPEN)


class Question(models.Model):
    class Source(models.TextChoices):
        RESIDENT = "resident", _("Resident, through the question form")
        OFFICER = "officer", _("Relayed by a kelurahan officer")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        REPORTED = "reported", _("Passed on as an awareness report")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="questions", verbose_name=_("office")
    )
    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("kelurahan"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("topic"),
    )
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relayed_questions",
        verbose_name=_("relayed by"),
        help_text=_("The kelurahan officer who passed the question on; empty for residents."),
    )
    # The question may name people or places: encrypted at rest, like a tip.
    text = EncryptedTextField(_("question"))
    contact = EncryptedCharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Given only if the resident wants to be contacted."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = EncryptedTextField(_("answer"), blank=True)
    answered_by = user_reference(_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    report = models.OneToOneField(
        AwarenessReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="question",
        verbose_name=_("awareness report"),
    )
    receipt_lookup = models.CharField(
        _("receipt lookup"), max_length=6, unique=True, null=True, blank=True, editable=False
    )
    receipt_hash = models.CharField(_("receipt hash"), max_length=256, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        help_text=_("When it was answered or passed on; the question is deleted after retention."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="resident", relayed_by__isnull=True)
                | Q(source="officer", relayed_by__isnull=False, kelurahan__isnull=False),
                name="question_source_matches_relayer",
            ),
            models.CheckConstraint(
                condition=~Q(status="reported") | Q(closed_at__isnull=False),
                name="question_reported_is_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status", "submitted_at"], name="question_inbox_idx"),
            models.Index(fields=["closed_at"], name="question_closed_idx"),
            models.Index(fields=["relayed_by", "submitted_at"], name="question_relayer_idx"),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"TNY-{self.pk:05d}" if self.pk else "TNY-baru"

    @property
    def is_answered(self) -> bool:
        return self.status == self.Status.ANSWERED

    @property
    def is_reported(self) -> bool:
        """Passed on to the report team as an awareness report."""
        return self.status == self.Status.REPORTED

    @property
    def expires_at(self):
        """When the question is deleted; None while it waits for an answer."""
        if not self.closed_at:
            return None
        return self.closed_at + datetime.timedelta(days=settings.QUESTION_RETENTION_DAYS)


# The short answer in a share text: with the question and the link, one WhatsApp screen.
FAQ_SHARE_LENGTH = 300


class FaqEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class FaqEntry(TranslatedFieldsMixin, models.Model):
    """A public question and answer, rewritten so that no one can be identified."""

    translated_fields = ("question", "answer")

    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="faq_entries", verbose_name=_("topic")
    )
    question = models.CharField(_("question"), max_length=300)
    question_en = models.CharField(_("question in English"), max_length=300, blank=True)
    answer = models.TextField(
        _("answer"),
        help_text=_("Plain text. Separate paragraphs with an empty line. Name your source."),
    )
    answer_en = models.TextField(_("answer in English"), blank=True)
    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faq_entries",
        verbose_name=_("asked in kelurahan"),
        help_text=_("Shown under “Questions from residents” on this kelurahan's page."),
    )
    from_question = models.OneToOneField(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faq_entry",
        verbose_name=_("from question"),
    )
    is_published = models.BooleanField(_("published"), default=True)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FaqEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["topic__order", "pk"]
        indexes = [
            models.Index(fields=["kelurahan", "is_published"], name="faq_kelurahan_idx"),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("public:faq_entry", kwargs={"pk": self.pk})

    def get_print_url(self):
        return reverse("public:faq_entry_print", kwargs={"pk": self.pk})

    @property
    def share_title(self) -> LocalizedText:
        """The first line of the material to pass on, as an article's title."""
        return self.i18n.question

    @property
    def share_message(self) -> LocalizedText:
        """The answer in short, to pass on under the question: its first paragraph, cut at a
        word to about FAQ_SHARE_LENGTH characters (the link back leads to the whole answer)."""
        answer = self.i18n.answer
        first = " ".join(answer.strip().split("\n\n", 1)[0].split())
        if len(first) > FAQ_SHARE_LENGTH:
            first = first[: FAQ_SHARE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
        return LocalizedText(first, lang=answer.lang, is_fallback=answer.is_fallback)
