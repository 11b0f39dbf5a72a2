"""Forms for kelurahan officers; they validate input, the services decide the workflow.

No form takes a kelurahan: it always comes from the officer's profile.
"""

from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kelurahan.accounts.forms import UsernameLengthMixin
from kelurahan.files.images import reencode_photo
from kelurahan.models import AwarenessReport, LiaisonOfficer, OutreachSession, Partner, Topic

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUT_FORMATS = [DATETIME_LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
DATE_FORMAT = "%Y-%m-%d"
PHOTO_SLOTS = settings.PHOTOS_PER_FORM  # binaan/limits.py lets a request carry this many
BIGGEST_ID = 2**63 - 1  # the largest value of a BigAutoField, on every database
RESULT_FIELDS = ("attendance_men", "attendance_women", "attendance_total", "summary")
ENGLISH_FIELDS = ("title_en", "description_en")


def _helper(layout: Layout | None = None) -> FormHelper:
    """A crispy helper for forms whose <form> tag and buttons live in the template."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


def _english_details(*fields: str) -> list:
    """Optional English fields inside a closed <details>, so the form stays short."""
    errors = " or ".join(f"form.{name}.errors" for name in fields)
    opening = format_html(
        '<summary>{}</summary><p class="form-text">{}</p>',
        _("English version (optional)"),
        _("Shown on the English pages. Left empty, English readers see the Indonesian text."),
    )
    # Rendered as a template by crispy: the fields stay visible when one of them has an error.
    details = '<details class="english-fields mb-3"{% if ' + errors + " %} open{% endif %}>"
    return [HTML(details + opening), *fields, HTML("</details>")]


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where possible."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


# Our own wording: Django's Indonesian catalogue puts the field's name into a sentence that
# already names it ("Masukkan nama pengguna nama pengguna dan sandi yang benar").
class OfficerLoginForm(UsernameLengthMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or the password is not right. Capital and small letters count."
        ),
    }


class RecordsField(forms.ModelMultipleChoiceField):
    """Checkboxes of records; an id beyond any database integer is refused, not a crash."""

    def _check_values(self, value):
        for pk in value:
            try:
                too_big = abs(int(str(pk))) > BIGGEST_ID
            except ValueError:
                continue  # not a number at all: Django's own check refuses it
            if too_big:  # SQLite raises OverflowError for such a parameter
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # private, not in the stubs


RECORD_AS_HELD = "held"
IF_STARTED_CHOICES = [
    (RECORD_AS_HELD, _("It took place: propose it and record it as held now")),
    ("propose", _("Propose it anyway with this date")),
]


class SessionForm(forms.ModelForm):
    """Propose or edit an outreach session of the officer's own kelurahan."""

    if_started = forms.ChoiceField(
        label=_("This session has already started"),
        choices=IF_STARTED_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )

    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT),
        help_text=_("Date and time, Jakarta time (WIB)."),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT),
    )

    class Meta:
        model = OutreachSession
        fields = [
            "kind",
            "title",
            "topics",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "speakers",
            "partners",
            *ENGLISH_FIELDS,
        ]
        field_classes = {"topics": RecordsField, "speakers": RecordsField, "partners": RecordsField}
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "speakers": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("For example: Sosialisasi pencegahan TPPO bagi warga RW 05."),
            "description": _("Shown to residents once the office publishes the session."),
            "venue": _("For example: Aula Kantor Kelurahan."),
            "speakers": _("Liaison officers (PIMPASA) of the immigration office."),
        }

    def __init__(self, *args, kelurahan, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["if_started"]
        cast(RecordsField, self.fields["topics"]).queryset = Topic.objects.all()
        cast(RecordsField, self.fields["partners"]).queryset = Partner.objects.all()
        current = Q(pk__in=self.instance.speakers.all()) if self.instance.pk else Q(pk__in=[])
        cast(RecordsField, self.fields["speakers"]).queryset = LiaisonOfficer.objects.filter(
            Q(office_id=kelurahan.office_id, is_active=True) | current
        ).distinct()
        plan = [name for name in self.Meta.fields if name not in ENGLISH_FIELDS]
        if "if_started" in self.fields and not self.data.get("if_started"):
            self.fields["if_started"].widget = forms.HiddenInput()  # asked only when needed
        self.helper = _helper(
            Layout("if_started", *plan, *_english_details(*ENGLISH_FIELDS))
            if "if_started" in self.fields
            else Layout(*plan, *_english_details(*ENGLISH_FIELDS))
        )

    def clean(self):
        """A new session that has already started is probably one to record as held."""
        super().clean()
        cleaned = self.cleaned_data
        starts = cleaned.get("starts_at")
        if "if_started" not in self.fields or not starts or starts > timezone.now():
            return cleaned
        if not cleaned.get("if_started"):
            self.fields["if_started"].widget = forms.RadioSelect(choices=IF_STARTED_CHOICES)
            self.fields["if_started"].required = True  # shown as a question to answer
            self.add_error(
                "if_started",
                _(
                    "This session starts in the past. If it already took place, record it as "
                    "held; otherwise correct the date."
                ),
            )
        return cleaned

    @property
    def record_as_held(self) -> bool:
        return self.cleaned_data.get("if_started") == RECORD_AS_HELD

    @property
    def plan(self) -> dict:
        """The session's own fields, for the services."""
        return {k: v for k, v in self.cleaned_data.items() if k != "if_started"}


class SessionHeldForm(forms.Form):
    """Attendance, summary and up to three photos of a session that took place."""

    attendance_men = forms.IntegerField(label=_("Men attending"), min_value=0, required=False)
    attendance_women = forms.IntegerField(label=_("Women attending"), min_value=0, required=False)
    attendance_total = forms.IntegerField(
        label=_("Total attending"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to add up men and women."),
    )
    summary = forms.CharField(
        label=_("Summary of what happened"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who came, what was discussed, questions residents asked."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        photo_fields = []
        for n in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{n}"] = forms.ImageField(
                label=_("Photo %(n)s") % {"n": n},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
                help_text=_("JPEG or PNG, at most 5 MB."),
            )
            self.fields[f"caption_{n}"] = forms.CharField(
                label=_("Caption of photo %(n)s") % {"n": n}, max_length=200, required=False
            )
            photo_fields.append(Row(Column(f"photo_{n}"), Column(f"caption_{n}")))
        self.helper = _helper(
            Layout(
                Fieldset(
                    _("Attendance"),
                    Row(
                        Column("attendance_men"),
                        Column("attendance_women"),
                        Column("attendance_total"),
                    ),
                ),
                "summary",
                Fieldset(_("Photos (optional)"), *photo_fields),
            )
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for n in range(1, PHOTO_SLOTS + 1):
            photo = cleaned.get(f"photo_{n}")
            if photo and photo.size > settings.PHOTO_MAX_BYTES:
                self.add_error(
                    f"photo_{n}", _("This photo is larger than 5 MB. Choose a smaller one.")
                )
            elif photo:
                self._reencode(cleaned, f"photo_{n}")
            elif cleaned.get(f"caption_{n}") and not photo and f"photo_{n}" not in self.errors:
                self.add_error(f"photo_{n}", _("Choose the photo this caption belongs to."))
        return cleaned

    def _reencode(self, cleaned: dict, name: str) -> None:
        """Checked and re-encoded once, here, so a refused photo is an error on its own field."""
        try:
            cleaned[name] = reencode_photo(cleaned[name])
        except ValidationError as error:
            self.add_error(name, error)

    def results(self) -> dict:
        return {name: self.cleaned_data[name] for name in RESULT_FIELDS}

    def photos(self) -> list[tuple]:
        """(image, caption) pairs for the photos that were uploaded."""
        pairs = []
        for n in range(1, PHOTO_SLOTS + 1):
            photo = self.cleaned_data.get(f"photo_{n}")
            if photo:
                pairs.append((photo, self.cleaned_data.get(f"caption_{n}", "")))
        return pairs


class SessionCancelForm(forms.Form):
    """Two separate texts: what residents read, and what only the office reads."""

    cancel_reason = forms.CharField(
        label=_("Reason shown to residents"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the session's public page, for example: “Postponed because of the flood.”"
        ),
    )
    office_note = forms.CharField(
        label=_("Note for the immigration office (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the office reads this; residents never see it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ReportForm(forms.ModelForm):
    """An awareness report; a draft may be incomplete, submitting checks it in the service."""

    class Meta:
        model = AwarenessReport
        fields = [
            "category",
            "observed",
            "observed_on",
            "location_rt_rw",
            "location_street",
            "people_at_risk",
            "urgency",
        ]
        widgets = {
            "observed": forms.Textarea(attrs={"rows": 6}),
            "observed_on": forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
            "urgency": forms.RadioSelect,
        }
        help_texts = {
            "category": _("Needed before you submit the report."),
            "observed_on": _("The day you or a resident noticed it."),
            "location_rt_rw": _("For example: 003/005."),
            "people_at_risk": _("How many people may be affected, if known."),
            "urgency": _("Urgent: someone may leave soon or is in danger now."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.DateField, self.fields["observed_on"]).input_formats = [DATE_FORMAT]
        self.fields["observed"].help_text = _(
            "What happened, who was involved and why it seems suspicious. "
            "Needed before you submit the report."
        )
        self.helper = _helper()

    @classmethod
    def bound_to(cls, report: AwarenessReport) -> "ReportForm":
        """A bound form holding the saved draft, so submission errors can be shown on it."""
        data = {
            key: ("" if value is None else value)
            for key, value in model_to_dict(report, fields=cls._meta.fields).items()
        }
        if report.observed_on:
            data["observed_on"] = report.observed_on.strftime(DATE_FORMAT)
        return cls(data=data, instance=report)

    def clean_observed_on(self):
        observed_on = self.cleaned_data.get("observed_on")
        if observed_on and observed_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return observed_on


class NewReportForm(ReportForm):
    """A new report; the officer may be filing it for a resident who is at the office."""

    for_resident = forms.BooleanField(
        label=_("I am filing this for a resident who came to the kelurahan office in person"),
        required=False,
        help_text=_(
            "When you submit, the resident gets a receipt code to follow the report "
            "themselves. Submit while they are with you: the code is shown only once."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["for_resident", *ReportForm.Meta.fields])

    @property
    def source(self) -> str:
        if self.cleaned_data.get("for_resident"):
            return AwarenessReport.Source.ASSISTED
        return AwarenessReport.Source.OFFICER

    @property
    def content(self) -> dict:
        """The report's own fields, without the checkbox."""
        return {k: v for k, v in self.cleaned_data.items() if k != "for_resident"}
