"""Forms of the staff admin: triage, cancelling sessions, liaison officers, onboarding officers.

They validate everything a service would refuse, so a save never stops half-way.
"""

from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from kelurahan.files.images import reencode_photo
from kelurahan.files.uploads import strip_pdf_metadata
from kelurahan.models import (
    AwarenessReport,
    KelurahanOfficer,
    LiaisonAssignment,
    LiaisonOfficer,
    Partner,
    SessionMaterial,
    SessionPhoto,
)
from kelurahan.services import accounts

Status = AwarenessReport.Status

# How each reachable status reads as a step in the triage form.
STEP_LABELS = {
    Status.UNDER_REVIEW: _("Start review"),
    Status.REFERRED: _("Refer to a partner agency"),
    Status.CLOSED: _("Close the report"),
    Status.NOT_SUBSTANTIATED: _("Mark as not substantiated"),
}
NO_STATUS_CHANGE = ""


class TriageForm(forms.ModelForm):
    """Assign a report, move it to a status its current one allows, and write notes."""

    next_step = forms.ChoiceField(label=_("Next step"), required=False)
    refer_to = forms.ModelChoiceField(
        Partner.objects.all(),
        label=_("Refer to"),
        required=False,
        help_text=_("Required when the next step is a referral."),
    )
    note_for_reporter = forms.CharField(
        label=_("Message to the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown to the officer who filed the report or, for a tip, to the resident "
            "through their receipt code. Write nothing that could put the reporter at risk."
        ),
    )
    internal_note = forms.CharField(
        label=_("Internal note (staff only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never shown to the reporter or to kelurahan officers."),
    )

    class Meta:
        model = AwarenessReport
        fields = ("assigned_to",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["next_step"]).choices = [
            (NO_STATUS_CHANGE, _("No status change — just add a note")),
            *((status.value, label) for status, label in self.allowed_steps().items()),
        ]

    def allowed_steps(self) -> dict:
        """The steps AwarenessReport.TRANSITIONS allows from the report's current status."""
        if self.instance.pk is None:
            return {}
        allowed = AwarenessReport.TRANSITIONS[Status(self.instance.status)]
        return {status: label for status, label in STEP_LABELS.items() if status in allowed}

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        step = cleaned.get("next_step")
        if step == Status.REFERRED and not cleaned.get("refer_to"):
            self.add_error("refer_to", _("Choose the agency the report is referred to."))
        elif step != Status.REFERRED and cleaned.get("refer_to"):
            self.add_error("refer_to", _("Choose “Refer to a partner agency” as the next step."))
        return cleaned

    @property
    def notes(self) -> dict:
        return {
            "note_for_reporter": self.cleaned_data.get("note_for_reporter", ""),
            "internal_note": self.cleaned_data.get("internal_note", ""),
        }


class CancelSessionsForm(forms.Form):
    """The reason shown for sessions cancelled from the admin list."""

    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=300,
        help_text=_("Shown with the cancelled session."),
    )


class LiaisonAssignmentForm(forms.ModelForm):
    """Refuses a second open assignment of the same officer to the same kelurahan."""

    class Meta:
        model = LiaisonAssignment
        fields = ("officer", "kelurahan", "start_date", "end_date")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        officer_id, kelurahan = self.instance.officer_id, cleaned.get("kelurahan")
        officer_id = getattr(cleaned.get("officer"), "pk", officer_id)
        start = cleaned.get("start_date")
        if self.instance.pk or not (officer_id and kelurahan and start):
            return cleaned
        overlapping = LiaisonAssignment.objects.current(start).filter(
            officer_id=officer_id, kelurahan=kelurahan
        )
        if overlapping.exists():
            raise forms.ValidationError(_("This officer is already assigned to this kelurahan."))
        return cleaned


class LiaisonOfficerForm(forms.ModelForm):
    """A new portrait is checked and re-encoded: no camera, time or GPS metadata is published."""

    class Meta:
        model = LiaisonOfficer
        fields = "__all__"  # noqa: DJ007 - the admin's default: every editable field

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return reencode_photo(photo)  # raises ValidationError for a file that is no photo
        return photo


class OfficerOnboardForm(forms.ModelForm):
    """A new kelurahan officer: who they are and where; never a password.

    Left empty, the username is filled with a suggestion and the form comes back once, so staff
    see it before the account is made.
    """

    name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("The link to choose a password is sent to this address.")
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Leave it empty to get a suggestion made from the kelurahan and the name."),
    )

    class Meta:
        model = KelurahanOfficer
        fields = ("kelurahan", "position", "phone")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if username and get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken; choose another."))
        return username

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Another account already uses this e-mail address."))
        return email

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        name, kelurahan = cleaned.get("name"), cleaned.get("kelurahan")
        if "username" in cleaned and not cleaned["username"] and name and kelurahan:
            suggestion = accounts.suggest_username(name=name, kelurahan=kelurahan)
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict
            data[self.add_prefix("username")] = suggestion
            self.data = data
            self.add_error(
                "username",
                _("Suggested: %(username)s. Keep it or change it, then save again.")
                % {"username": suggestion},
            )
        return cleaned


class SessionPhotoForm(forms.ModelForm):
    """A new or replacing photo is re-encoded here, so a bad file is an error on its row."""

    class Meta:
        model = SessionPhoto
        fields = ("image", "caption")

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return reencode_photo(image)
        return image


class SessionMaterialForm(forms.ModelForm):
    """A new PDF loses its author, creator and title metadata before it is stored."""

    class Meta:
        model = SessionMaterial
        fields = ("title", "file")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            return strip_pdf_metadata(upload)
        return upload
