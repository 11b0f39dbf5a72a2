"""Residents' questions for staff: answer, publish as a FAQ entry, or pass on as a report.

Questions are scoped to the user's office (kelurahan.permissions); every change goes through
kelurahan.services.questions. The public FAQ entries are edited like articles.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kelurahan import audit
from kelurahan.admin.audit import AuditHistoryMixin
from kelurahan.admin.base import ScopedAdminMixin, run_action
from kelurahan.admin.content import english_fieldset
from kelurahan.models import FaqEntry, Question, Topic
from kelurahan.services import questions as services

QUESTION_FIELDS = (
    "reference",
    "source",
    "kelurahan",
    "topic",
    "relayed_by",
    "text",
    "contact",
    "status",
    "submitted_at",
    "answered_by",
    "answered_at",
    "report_link",
    "expires_on",
)
FAQ_FIELDS = ("faq_topic", "faq_question", "faq_question_en", "faq_answer", "faq_answer_en")


class AnswerForm(forms.ModelForm):
    """The answer, and optionally the rewritten question and answer for the public FAQ."""

    publish_faq = forms.BooleanField(
        label=_("Publish as a FAQ entry"),
        required=False,
        help_text=_(
            "Rewrite the question so that no one can be identified: no names, addresses, "
            "phone numbers or details only the asker would know. Both languages are required."
        ),
    )
    faq_topic = forms.ModelChoiceField(
        label=_("FAQ topic"), queryset=Topic.objects.all(), required=False
    )
    faq_question = forms.CharField(label=_("FAQ question (Indonesian)"), required=False)
    faq_question_en = forms.CharField(label=_("FAQ question (English)"), required=False)
    faq_answer = forms.CharField(
        label=_("FAQ answer (Indonesian)"), required=False, widget=forms.Textarea
    )
    faq_answer_en = forms.CharField(
        label=_("FAQ answer (English)"), required=False, widget=forms.Textarea
    )

    class Meta:
        model = Question
        fields = ("answer",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entry = getattr(self.instance, "faq_entry", None) if self.instance.pk else None
        self.fields["faq_topic"].initial = entry.topic_id if entry else self.instance.topic_id
        for name in FAQ_FIELDS[1:]:
            self.fields[name].initial = getattr(entry, name.removeprefix("faq_"), "")
        if entry is not None:
            self.fields["faq_question"].initial = entry.question

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.status == Question.Status.REPORTED and self.has_changed():
            raise ValidationError(_("This question was passed on as a report."))
        if not cleaned.get("publish_faq"):
            return cleaned
        if not (cleaned.get("answer") or "").strip():
            self.add_error("answer", _("Answer the question before publishing it."))
        for name in FAQ_FIELDS:
            if not cleaned.get(name) and name != "faq_topic":
                self.add_error(name, _("Required to publish, in both languages."))
        if not cleaned.get("faq_topic"):
            self.add_error("faq_topic", _("Choose a topic for the FAQ entry."))
        return cleaned


@admin.register(Question)
class QuestionAdmin(AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin):
    kelurahan_path = "kelurahan"
    form = AnswerForm
    ordering = ("status", "submitted_at")
    list_display = ("reference", "source", "kelurahan", "topic", "status", "submitted_at")
    list_filter = ("status", "source", "topic")
    list_select_related = ("kelurahan", "topic")
    search_fields = ("kelurahan__name",)
    readonly_fields = QUESTION_FIELDS
    actions = ("convert_to_report",)

    @admin.display(description=_("reference"), ordering="pk")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=_("awareness report"))
    def report_link(self, obj):
        if not obj.report_id:
            return self.get_empty_value_display()
        url = reverse("admin:kelurahan_awarenessreport_change", args=[obj.report_id])
        return format_html('<a href="{}">{}</a>', url, obj.report.reference)

    @admin.display(description=_("expires on"))
    def expires_on(self, obj):
        if obj.expires_at is None:
            return self.get_empty_value_display()
        return formats.localize(timezone.localdate(obj.expires_at))

    @admin.action(
        description=_("Pass on as an awareness report (possible trafficking)"),
        permissions=["change"],
    )
    def convert_to_report(self, request, queryset):
        user = request.user
        run_action(
            self,
            request,
            queryset,
            lambda question: services.question_convert_to_report(question=question, by=user),
        )

    def get_fieldsets(self, request, obj=None):
        """The question, the answer, then the public FAQ entry."""
        return (
            (_("Question"), {"fields": QUESTION_FIELDS}),
            (_("Answer"), {"fields": ("answer",)}),
            (
                _("Public FAQ entry"),
                {"fields": ("publish_faq", *FAQ_FIELDS)},
            ),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Each time staff open a question, the audit trail records who read it."""
        if obj is not None and request.method == "GET":
            audit.record_access(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_add_permission(self, request):
        """Questions come from residents and officers, not from the admin."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Questions are deleted by retention; only superusers delete one by hand."""
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        """Answer and publish through the services, never by saving the form's instance."""
        data = form.cleaned_data
        if "answer" in form.changed_data:
            services.question_answer(question=obj, by=request.user, answer=data["answer"])
        if data.get("publish_faq"):
            services.question_publish_faq(
                question=obj,
                by=request.user,
                topic=data["faq_topic"],
                question_id=data["faq_question"],
                question_en=data["faq_question_en"],
                answer_id=data["faq_answer"],
                answer_en=data["faq_answer_en"],
            )
        obj.refresh_from_db()


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ("question", "topic", "kelurahan", "is_published", "published_at")
    list_filter = ("topic", "is_published")
    list_select_related = ("topic", "kelurahan")
    search_fields = ("question", "question_en", "answer")
    autocomplete_fields = ("kelurahan",)
    readonly_fields = ("from_question", "published_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("topic", "question", "answer", "kelurahan", "is_published")}),
        english_fieldset("question_en", "answer_en"),
        (_("Origin"), {"fields": ("from_question", "published_at", "updated_at")}),
    )
