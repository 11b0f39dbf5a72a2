"""The steps every service that corrects a record's fields takes, in one place."""

from django.db import models


def refuse_unknown(service: str, changes, allowed) -> None:
    """A caller passing a field the service does not change is a programming error."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"{service} cannot change {sorted(unknown)}")


def locked_or_new(model: type[models.Model], record: models.Model | None):
    """The record locked until the transaction ends, or a new one when there is none yet."""
    if record is None or record.pk is None:
        return model()
    return model._default_manager.select_for_update().get(pk=record.pk)


def save_fields(record: models.Model, fields: dict):
    """Set the fields, check the record as a whole, save it."""
    for field, value in fields.items():
        setattr(record, field, value)
    record.full_clean()
    record.save()
    return record
