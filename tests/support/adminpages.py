"""Helpers for tests that drive the Django admin like a browser would."""

import datetime

from django.core.files import File
from django.forms import MultiWidget
from django.urls import reverse
from django.utils import timezone

from kelurahan.models import OutreachSession
from tests.support import factories


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """The POST data of a rendered admin change form, as a browser would send it unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, MultiWidget):
                parts = field.widget.decompress(value) if value else []
                data.update({f"{form.add_prefix(name)}_{i}": p for i, p in enumerate(parts)})
            elif value is not None and not isinstance(value, File):
                data[form.add_prefix(name)] = value
    return data


def messages_of(response) -> list:
    return list(response.context["messages"]) if response.context else []


def session_add_form(kelurahan, **fields) -> dict:
    """POST data of the admin's session add form: a session in five days, no inline rows."""
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    return {
        "kelurahan": kelurahan.pk,
        "kind": OutreachSession.Kind.SOSIALISASI,
        "title": "Sosialisasi TPPO di RW 05",
        "starts_at_0": day,
        "starts_at_1": "09:00",
        "ends_at_0": day,
        "ends_at_1": "11:00",
        "venue": "Aula RW 05",
        "topics": [factories.topic().pk],
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
        "materials-TOTAL_FORMS": 0,
        "materials-INITIAL_FORMS": 0,
        **fields,
    }
