"""The resident's question form: the tip form's kelurahan choice and abuse checks, reused."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kelurahan.models import Topic
from kelurahan.public.tip_forms import TipForm
from kelurahan.services.questions import TEXT_MAX_LENGTH

# What a refused question shows again (kelurahan.public.questions): everything typed.
TYPED_FIELDS = ("text", "topic", "kelurahan", "kelurahan_name", "contact")
TIP_ONLY_FIELDS = ("observed", "location", "observed_on", "category", "urgency", "photo")
TOO_FAST = _(
    "This form was sent very quickly after it opened, as robots do. Your question is still "
    "here: wait a moment, then press “Send question” again."
)
CHECK_AGAIN = _("Please take a moment to check your question and send it again.")


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
        for name in TIP_ONLY_FIELDS:
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
                raise ValidationError(TOO_FAST, code="too_fast") from None
            raise ValidationError(CHECK_AGAIN, code=error.code) from None

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
