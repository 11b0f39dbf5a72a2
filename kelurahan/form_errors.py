"""One way to show a service's ValidationError on the form that sent the data."""

from django import forms
from django.core.exceptions import ValidationError


def attach_errors(
    form: forms.BaseForm, error: ValidationError, renamed: dict[str, str] | None = None
) -> None:
    """Put each message next to its field where the form has it, else above the form.

    `renamed` maps a service's or model's field name to the form's, where they differ.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        field = (renamed or {}).get(name, name)
        form.add_error(field if field in form.fields else None, messages)
