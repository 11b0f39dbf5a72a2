"""Encrypt what reports and tips say (kelurahan/encryption.py); liaison photos get checked.

The columns become text columns holding Fernet tokens; the rows written before are encrypted
in place with the newest of FIELD_ENCRYPTION_KEYS. Backwards, the text is decrypted first, then
the columns return to their old types (the text always fitted: forms and models limit it).
Liaison officers' photos are checked like other photos and stored under random names.
"""

from django.db import migrations, models

import kelurahan.encryption
import kelurahan.models.people
import kelurahan.files.uploads
from kelurahan.encryption import decrypt_rows, reencrypt_rows

ENCRYPTED = {
    "awarenessreport": ("observed", "location_rt_rw", "location_street", "reporter_contact"),
    "reportupdate": ("note_for_reporter", "reporter_message", "internal_note"),
}


def encrypt_existing(apps, schema_editor):
    for model_name, names in ENCRYPTED.items():
        reencrypt_rows(apps.get_model("kelurahan", model_name), names)


def decrypt_existing(apps, schema_editor):
    for model_name, names in ENCRYPTED.items():
        decrypt_rows(apps.get_model("kelurahan", model_name), names)


class Migration(migrations.Migration):
    dependencies = [("kelurahan", "0007_english_starter_content")]

    operations = [
        migrations.AlterField(
            model_name="awarenessreport",
            name="location_rt_rw",
            field=kelurahan.encryption.EncryptedCharField(
                blank=True, max_length=20, verbose_name="RT/RW"
            ),
        ),
        migrations.AlterField(
            model_name="awarenessreport",
            name="location_street",
            field=kelurahan.encryption.EncryptedCharField(
                blank=True, max_length=200, verbose_name="street or place"
            ),
        ),
        migrations.AlterField(
            model_name="awarenessreport",
            name="observed",
            field=kelurahan.encryption.EncryptedTextField(
                blank=True,
                help_text="What happened, who was involved and why it seems suspicious.",
                verbose_name="what was observed",
            ),
        ),
        migrations.AlterField(
            model_name="awarenessreport",
            name="reporter_contact",
            field=kelurahan.encryption.EncryptedCharField(
                blank=True,
                help_text="Given by the resident only if they want to be contacted.",
                max_length=200,
                verbose_name="reporter's contact",
            ),
        ),
        migrations.AlterField(
            model_name="reportupdate",
            name="internal_note",
            field=kelurahan.encryption.EncryptedTextField(
                blank=True,
                help_text="Never shown to the reporter or to kelurahan officers.",
                verbose_name="internal note (staff only)",
            ),
        ),
        migrations.AlterField(
            model_name="reportupdate",
            name="note_for_reporter",
            field=kelurahan.encryption.EncryptedTextField(
                blank=True,
                help_text="Shown to whoever filed the report: the kelurahan officer or the resident.",
                verbose_name="message to the reporter",
            ),
        ),
        migrations.AlterField(
            model_name="reportupdate",
            name="reporter_message",
            field=kelurahan.encryption.EncryptedTextField(
                blank=True, verbose_name="information added by the reporter"
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False),
        migrations.AlterField(
            model_name="liaisonofficer",
            name="photo",
            field=models.ImageField(
                blank=True,
                upload_to=kelurahan.models.people.liaison_photo_path,
                validators=[kelurahan.files.uploads.validate_photo],
                verbose_name="photo",
            ),
        ),
    ]
