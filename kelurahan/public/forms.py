"""Public forms: the anonymous tip line and residents' questions. They check input; the services
decide what is stored. The question form reuses the tip form's kelurahan choice and abuse checks."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kelurahan import ratelimit
from kelurahan.models import AwarenessReport, Kelurahan, Topic
from kelurahan.selectors.regions import resolve_kelurahan, served_kelurahan
from kelurahan.services.questions import TEXT_MAX_LENGTH

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
OBSERVED_MAX_LENGTH = 10_000
MESSAGE_MAX_LENGTH = 5_000
PHOTO_ERROR_CODES = {"too_large", "bad_type", "bad_image"}
# Names the service or the model use for a field, when they differ from the form's.
SERVICE_FIELD_NAMES = {"location_street": "location", "reporter_contact": "contact"}
CHECK_AGAIN = _("Please take a moment to check your report and send it again.")
TOO_FAST = _(
    "This form was sent very quickly after it opened, as robots do. Your report is still "
    "here: wait a moment, then press “Send report” again."
)
# What a refused tip shows again (kelurahan.public.views.tips): everything typed, never the photo.
TYPED_FIELDS = (
    "observed",
    "kelurahan",
    "kelurahan_name",
    "location",
    "observed_on",
    "category",
    "urgency",
    "contact",
)
# Above this many served desa/kelurahan the form asks for a name instead of a <select>.
SELECT_LIMIT = 300
NAME_ERRORS = {
    "several": _(
        "Several desa or kelurahan have this name. Choose yours in the list below, or add "
        "its kecamatan after a comma, for example “Sidomulyo, Wates”."
    ),
    "similar": _(
        "No desa or kelurahan has exactly this name. Is it one of those in the list below?"
    ),
    "none": _(
        "We found no desa or kelurahan with this name among the places an immigration "
        "office serves. Check the spelling, or leave it empty."
    ),
}
Urgency = AwarenessReport.Urgency


def kelurahan_fit_in_a_select() -> bool:
    """Few enough for one <select> on a cheap phone (one office's city: 44)."""
    return served_kelurahan().order_by()[: SELECT_LIMIT + 1].count() <= SELECT_LIMIT


def kelurahan_choices() -> tuple[list, dict]:
    """Every served kelurahan grouped by kecamatan (for a <select>), and the kelurahan by slug."""
    found = (
        served_kelurahan().select_related("kecamatan", "office").order_by("kecamatan__kode", "name")
    )
    groups: dict[str, list] = {}
    by_slug = {}
    for kelurahan in found:
        label = _("Kecamatan %(name)s") % {"name": kelurahan.kecamatan.name}
        groups.setdefault(str(label), []).append((kelurahan.slug, kelurahan.name))
        by_slug[kelurahan.slug] = kelurahan
    return [("", _("I don't know")), *groups.items()], by_slug


def place_label(kelurahan: Kelurahan) -> str:
    """ "Sidomulyo (Kecamatan Wates, Kabupaten Kulon Progo, Daerah Istimewa Yogyakarta)"."""
    kota = kelurahan.kecamatan.kota
    place = _("Kecamatan %(kecamatan)s, %(city)s, %(province)s") % {
        "kecamatan": kelurahan.kecamatan.name,
        "city": kota.short_name,
        "province": kota.provinsi.name,
    }
    return f"{kelurahan.name} ({place})"


class TipForm(forms.Form):
    """What a resident saw. Only the description is required; nothing asks who they are."""

    observed = forms.CharField(
        label=_("What happened?"),
        max_length=OBSERVED_MAX_LENGTH,
        error_messages={"required": _("Tell us what happened.")},
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "Who was involved, what they did or offered, and why it worries you. "
            "You do not need to write your name."
        ),
    )
    kelurahan = forms.ChoiceField(label=_("In which kelurahan?"), required=False)
    location = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("For example a street, an RT/RW, a building or a shop."),
    )
    observed_on = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example 2024-06-14. Leave it empty if you are not sure."),
    )
    category = forms.ChoiceField(
        label=_("What kind of problem is it?"),
        required=False,
        choices=[("", _("I am not sure")), *AwarenessReport.Category.choices],
    )
    urgency = forms.TypedChoiceField(
        label=_("Is someone in danger now?"),
        required=False,
        coerce=int,
        empty_value=Urgency.NORMAL,  # type: ignore[arg-type]  # any value works; stubs: str
        initial=Urgency.NORMAL,
        choices=[
            (Urgency.NORMAL, _("No, not right now")),
            (Urgency.URGENT, _("Yes, someone is in danger now")),
        ],
        widget=forms.RadioSelect,
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    contact = forms.CharField(
        label=_("Your phone number or e-mail"),
        max_length=200,
        required=False,
        help_text=_(
            "Only if you want us to reach you. Leave it empty to stay anonymous: "
            "you can still follow your report with the receipt code."
        ),
    )
    # Abuse protection (kelurahan.ratelimit): the template renders both by hand.
    website = forms.CharField(label=_("Leave this empty"), required=False)
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_name = not kelurahan_fit_in_a_select()
        self.candidates: list[Kelurahan] = []
        if self.by_name:
            self._ask_for_a_name()
        else:
            choices, self._kelurahan_by_slug = kelurahan_choices()
            select = self.fields["kelurahan"]
            assert isinstance(select, forms.ChoiceField)  # as declared above
            select.choices = choices
        self.fields["photo"].help_text = _(
            "Optional. A JPEG or PNG photo of at most %(mb)s MB. We remove the location, "
            "the camera and the time from it."
        ) % {"mb": settings.TIP_PHOTO_MAX_BYTES // (1024 * 1024) or 1}

    def _ask_for_a_name(self) -> None:
        """Nationally: a text field for the name; a <select> only of the places it may mean."""
        self.fields["kelurahan_name"] = forms.CharField(
            label=_("In which desa or kelurahan?"),
            max_length=200,
            required=False,
            help_text=_(
                "Type its name, for example Kebon Kosong. If several places have that name, "
                "add the kecamatan after a comma, for example “Sidomulyo, Wates”."
            ),
        )
        self.fields["kelurahan"] = forms.CharField(
            label=_("Which one do you mean?"), required=False, widget=forms.Select
        )
        order = [name for name in self.fields if name != "kelurahan_name"]
        order.insert(order.index("kelurahan"), "kelurahan_name")
        self.order_fields(order)
        slug = self.initial.get("kelurahan")
        linked = None
        if not self.is_bound and isinstance(slug, str) and slug:
            places = served_kelurahan().select_related("kecamatan__kota__provinsi")
            linked = places.filter(slug=slug).first()
        if linked:  # from a kelurahan page's "report" link
            self.initial["kelurahan_name"] = linked.name
            self._offer([linked])

    def _offer(self, candidates: list[Kelurahan]) -> None:
        self.candidates = candidates
        self.fields["kelurahan"].widget.choices = [
            ("", _("None of these")),
            *((kelurahan.slug, place_label(kelurahan)) for kelurahan in candidates),
        ]

    def clean_kelurahan(self):
        if self.by_name:  # resolved with the typed name in clean()
            return self.cleaned_data["kelurahan"]
        return self._kelurahan_by_slug.get(self.cleaned_data["kelurahan"])

    def _resolve_typed_name(self, cleaned: dict) -> None:
        typed = cleaned.get("kelurahan_name", "")
        kelurahan, candidates, problem = resolve_kelurahan(typed, cleaned.get("kelurahan") or "")
        cleaned["kelurahan"] = kelurahan
        if kelurahan:  # stays chosen if another field sends the form back
            self._offer([kelurahan])
        if problem:
            self._offer(candidates)
            self.add_error("kelurahan_name", ValidationError(NAME_ERRORS[problem], code=problem))

    def clean_observed_on(self):
        observed_on = self.cleaned_data["observed_on"]
        if observed_on and observed_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return observed_on

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.by_name and "kelurahan_name" in cleaned:
            self._resolve_typed_name(cleaned)
        stamp = self.data.get("stamp", "")
        if self.data.get("website") or not ratelimit.stamp_is_genuine(stamp):
            raise ValidationError(CHECK_AGAIN, code="check_again")
        if not ratelimit.stamp_is_old_enough(stamp):
            raise ValidationError(TOO_FAST, code="too_fast")
        return cleaned

    def service_arguments(self) -> dict:
        """Keyword arguments for services.tip_submit."""
        data = self.cleaned_data
        return {
            "observed": data["observed"],
            "kelurahan": data["kelurahan"],
            "location": data["location"],
            "observed_on": data["observed_on"],
            "category": data["category"],
            "urgency": data["urgency"],
            "contact": data["contact"],
            "photo": data["photo"],
        }

    def attach_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError next to the field it is about."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                field = SERVICE_FIELD_NAMES.get(name, name)
                self.add_error(field if field in self.fields else None, messages)
        elif getattr(error, "code", None) in PHOTO_ERROR_CODES:
            self.add_error("photo", error)
        else:
            self.add_error(None, error)


class ReceiptForm(forms.Form):
    """The receipt code; never filled in again when it is wrong."""

    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        help_text=_(
            "The 16 digits you got when you sent your report, for example 1234 5678 9012 3456."
        ),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class AddInformationForm(forms.Form):
    """More information from the resident about their own report."""

    message = forms.CharField(
        label=_("Add information to your report"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example something new you saw, or an answer to the office's question."),
    )


# What a refused question shows again (kelurahan.public.views.questions): everything typed.
QUESTION_TYPED_FIELDS = ("text", "topic", "kelurahan", "kelurahan_name", "contact")
QUESTION_LEAVES_OUT = ("observed", "location", "observed_on", "category", "urgency", "photo")
QUESTION_TOO_FAST = _(
    "This form was sent very quickly after it opened, as robots do. Your question is still "
    "here: wait a moment, then press “Send question” again."
)
QUESTION_CHECK_AGAIN = _("Please take a moment to check your question and send it again.")


class QuestionForm(TipForm):
    """A question, its topic, and optionally the kelurahan and a contact; never a name."""

    text = forms.CharField(
        label=_("Your question"),
        max_length=TEXT_MAX_LENGTH,
        error_messages={"required": _("Write your question.")},
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For example about passports, work abroad, or reporting a foreign guest. "
            "You do not need to write your name."
        ),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.order_by("order", "name"),
        required=False,
        to_field_name="slug",
        empty_label=_("I am not sure"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in QUESTION_LEAVES_OUT:
            del self.fields[name]
        self.fields["kelurahan"].label = _("Your kelurahan")
        self.fields["contact"].help_text = _(
            "Leave it empty and read the answer with your receipt code. Give a phone number "
            "or e-mail only if you want the office to contact you."
        )
        self.order_fields(["text", "topic", "kelurahan_name", "kelurahan", "contact"])

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "too_fast":
                raise ValidationError(QUESTION_TOO_FAST, code="too_fast") from None
            raise ValidationError(QUESTION_CHECK_AGAIN, code=error.code) from None

    def service_arguments(self) -> dict:
        """Keyword arguments for question_submit."""
        data = self.cleaned_data
        return {
            "text": data["text"],
            "topic": data["topic"],
            "kelurahan": data["kelurahan"],
            "contact": data["contact"],
        }

    def attach_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error)


class QuestionReceiptForm(forms.Form):
    """The receipt code of a question; never filled in again when it is wrong."""

    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        help_text=_(
            "The 16 digits you got when you sent your question, for example 1234 5678 9012 3456."
        ),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
