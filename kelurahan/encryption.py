"""Report and tip text encrypted at rest with Fernet keys of its own (FIELD_ENCRYPTION_KEYS).

django-fernet-encrypted-fields derives its keys from SECRET_KEY and SALT_KEY; ours come from
DJANGO_FIELD_ENCRYPTION_KEYS instead, so the secret key can be rotated without touching the
data and a leaked secret key does not open the reports. The first key encrypts, every key
decrypts: rotation is "add a key in front, run manage.py rotate_field_keys, drop the old one".
Blank text stays blank (an empty column says nothing a ciphertext's length would not).
"""

import logging
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.functions import Cast
from encrypted_fields import fields as library

logger = logging.getLogger(__name__)

# Every Fernet token starts with the version byte 0x80, which is "gAAAAA" in URL-safe base64.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 (not a secret)
BATCH_SIZE = 200


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, MultiFernet]:
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: set DJANGO_FIELD_ENCRYPTION_KEYS."
        )
    try:
        fernets = [Fernet(key) for key in keys]
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "DJANGO_FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key."
        ) from None
    return fernets[0], MultiFernet(fernets)


def newest_fernet() -> Fernet:
    """The key new text is encrypted with: the first of FIELD_ENCRYPTION_KEYS."""
    return _fernets(tuple(settings.FIELD_ENCRYPTION_KEYS))[0]


def all_fernets() -> MultiFernet:
    """Encrypts with the newest key, decrypts with any of them."""
    return _fernets(tuple(settings.FIELD_ENCRYPTION_KEYS))[1]


def is_token(value) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


if TYPE_CHECKING:
    # The library has no type hints: to mypy the mixin is the model field it ends up in.
    _FieldBase = models.Field
else:
    _FieldBase = object


class KeysFromSettingsMixin(_FieldBase):
    """The library's field with our keys; only token-shaped text is decrypted."""

    @property
    def f(self) -> MultiFernet:
        # A property, not the library's cached_property: keys follow settings (tests, rotation).
        return all_fernets()

    def get_prep_value(self, value):
        if value is None or value == "":
            return value
        return super().get_prep_value(value)

    def to_python(self, value):
        # The library also reads a per-field flag set during clean(), which races between
        # threads; text that is not a token is plain already (typed in, or not yet encrypted).
        if is_token(value):
            try:
                value = all_fernets().decrypt(value.encode()).decode()
            except InvalidToken:
                logger.warning("%s could not be decrypted: is its key missing?", self)
        return super(library.EncryptedFieldMixin, self).to_python(value)

    def clean(self, value, model_instance):
        # Skips the library's flag (set and deleted on the shared field: two threads cleaning at
        # once could delete it twice); to_python above does not need it.
        return super(library.EncryptedFieldMixin, self).clean(value, model_instance)


class EncryptedTextField(KeysFromSettingsMixin, library.EncryptedTextField):
    pass


class EncryptedCharField(KeysFromSettingsMixin, library.EncryptedCharField):
    """A text column (ciphertext is longer than the text); max_length still limits the text."""


def encrypted_field_names(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, KeysFromSettingsMixin)]


def _classify(raw: str | None) -> tuple[str, str | None]:
    """What one stored value is, and its plain text when it must be written again."""
    if not raw:
        return "empty", None
    if not is_token(raw):
        return "plaintext", raw
    try:
        newest_fernet().decrypt(raw.encode())
    except InvalidToken:
        pass
    else:
        return "current", None
    try:
        return "old_key", all_fernets().decrypt(raw.encode()).decode()
    except InvalidToken:
        return "unreadable", None


def reencrypt_rows(model, names=None, *, write=True) -> Counter:
    """Write each encrypted value of model with the newest key; plain text gets encrypted.

    Values already under the newest key are left alone, so running it again changes nothing.
    Values no key can read are counted as "unreadable" and never touched.
    """
    names = list(names or encrypted_field_names(model))
    raw = {f"raw_{name}": Cast(name, output_field=models.TextField()) for name in names}
    counts: Counter[str] = Counter()
    pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH_SIZE):
        with transaction.atomic():
            batch = model._base_manager.filter(pk__in=pks[start : start + BATCH_SIZE])
            rows = batch.select_for_update().annotate(**raw).values("pk", *raw)
            for row in list(rows):
                changes = {}
                for name in names:
                    kind, plain = _classify(row[f"raw_{name}"])
                    counts[kind] += 1
                    if plain is not None:
                        changes[name] = plain  # the field encrypts it with the newest key
                if changes:
                    counts["rows_changed"] += 1
                    if write:
                        model._base_manager.filter(pk=row["pk"]).update(**changes)
    return counts


def decrypt_rows(model, names) -> None:
    """Write the plain text back into the columns (the migration's way back)."""
    raw = {f"raw_{name}": Cast(name, output_field=models.TextField()) for name in names}
    for row in list(model._base_manager.annotate(**raw).values("pk", *raw)):
        changes = {}
        for name in names:
            value = row[f"raw_{name}"]
            if is_token(value):
                plain = all_fernets().decrypt(value.encode()).decode()
                changes[name] = models.Value(plain, output_field=models.TextField())
        if changes:
            model._base_manager.filter(pk=row["pk"]).update(**changes)
