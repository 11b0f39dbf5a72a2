"""The officer's request for a passport service day: numbers, dates, place, a contact.

No applicant's name or document is asked for: the list goes to the office by its usual channel.
"""

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kelurahan.models import PassportServiceDay
from kelurahan.officer.forms import DATE_FORMAT, _helper


class PassportRequestForm(forms.ModelForm):
    class Meta:
        model = PassportServiceDay
        fields = [
            "expected_applicants",
            "vulnerable_group",
            "preferred_date",
            "alternative_date",
            "venue",
            "address",
            "contact_name",
            "contact_phone",
        ]
        widgets = {
            "vulnerable_group": forms.RadioSelect,
            "preferred_date": forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
            "alternative_date": forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        }
        labels = {"vulnerable_group": _("Who the service is for")}
        help_texts = {
            "venue": _("For example: Aula Kantor Kelurahan."),
            "alternative_date": _("Optional: a second date that would also suit the kelurahan."),
            "contact_name": _(
                "A kelurahan officer the office can call to arrange the day, not an applicant."
            ),
            "contact_phone": _("The contact person's phone number."),
        }

    def __init__(self, *args, officer=None, **kwargs):
        super().__init__(*args, **kwargs)
        least = settings.EAZY_PASSPORT_MIN_APPLICANTS
        cast(forms.IntegerField, self.fields["expected_applicants"]).min_value = 1
        self.fields["expected_applicants"].widget.attrs["min"] = 1
        self.fields["expected_applicants"].help_text = _(
            "The office usually serves a kelurahan from %(count)d applicants. There is no "
            "minimum for children under 5, people over 60 or people with disabilities: "
            "choose that group below."
        ) % {"count": least}
        self.fields["vulnerable_group"].required = False
        if officer is not None and not self.is_bound:
            self.initial.setdefault("contact_name", officer.user.get_full_name())
            self.initial.setdefault("contact_phone", officer.phone)
        self.helper = _helper()

    def clean_expected_applicants(self):
        value = self.cleaned_data["expected_applicants"]
        if value is not None and value > 100000:
            raise forms.ValidationError(_("That is more applicants than one day can serve."))
        return value
