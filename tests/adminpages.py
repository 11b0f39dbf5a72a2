"""Helpers for tests that drive the Django admin like a browser would."""

from django.core.files import File
from django.forms import MultiWidget
from django.urls import reverse


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
