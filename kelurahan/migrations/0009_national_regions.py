"""National regions: provinces and cities above kecamatan, desa beside kelurahan, office coverage.

Existing kecamatan are linked to their city and province, derived from their kode (31.71.03 is
in 31.71, which is in 31); missing parents are created, with their real names for Jakarta Pusat
and the kode as a stand-in name otherwise (load_wilayah --file puts the real names in).
Kanim Jakarta Pusat is set to cover Jakarta Pusat. A kelurahan no office covers has no office,
so the column becomes nullable; going back refuses while such a kelurahan exists.

On PostgreSQL, the deferred foreign-key checks of the linking updates are run before the
column becomes NOT NULL: ALTER TABLE refuses to run with trigger events pending.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

KNOWN_NAMES = {
    "31": "Daerah Khusus Ibukota Jakarta",
    "31.71": "Kota Administrasi Jakarta Pusat",
}
MAIN_OFFICE = "kanim-jakarta-pusat"
# The last part of a kelurahan's kode starts with 1; desa (2) and desa adat (3) otherwise.
KELURAHAN_KODE = r"\.1[0-9]{3}$"


def _parent(model, kode: str, **fields):
    """The province or city with this kode, created with its known name (or the kode)."""
    name = KNOWN_NAMES.get(kode, kode)
    slug = slugify(name)
    if model.objects.filter(slug=slug).exclude(kode=kode).exists():
        slug = f"{slug}-{kode.replace('.', '')}"
    found, _created = model.objects.get_or_create(
        kode=kode, defaults={"name": name, "slug": slug, **fields}
    )
    return found


def link_regions(apps, schema_editor):
    Provinsi = apps.get_model("kelurahan", "Provinsi")
    Kota = apps.get_model("kelurahan", "Kota")
    Kecamatan = apps.get_model("kelurahan", "Kecamatan")
    Kelurahan = apps.get_model("kelurahan", "Kelurahan")
    Office = apps.get_model("kelurahan", "Office")
    for kecamatan in Kecamatan.objects.filter(kota__isnull=True):
        provinsi = _parent(Provinsi, kecamatan.kode[:2])
        kecamatan.kota = _parent(Kota, kecamatan.kode[:5], provinsi=provinsi)
        kecamatan.save(update_fields=["kota"])
    Kelurahan.objects.exclude(kode__regex=KELURAHAN_KODE).update(kind="desa")
    office = Office.objects.filter(slug=MAIN_OFFICE).first()
    jakarta_pusat = Kota.objects.filter(kode="31.71").first()
    if office and jakarta_pusat:
        office.cities.add(jakarta_pusat)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def refuse_kelurahan_without_office(apps, schema_editor):
    """The old schema needs an office on every kelurahan; none is invented here."""
    Kelurahan = apps.get_model("kelurahan", "Kelurahan")
    orphans = Kelurahan.objects.filter(office__isnull=True).count()
    if orphans:
        raise RuntimeError(
            f"{orphans} kelurahan have no office; the previous schema requires one. "
            "Cover their cities with an office, or delete them, before migrating back."
        )


class Migration(migrations.Migration):
    dependencies = [("kelurahan", "0008_encrypt_report_text")]

    operations = [
        migrations.CreateModel(
            name="Provinsi",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kode",
                    models.CharField(
                        max_length=2,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{2}$", "Use the Kemendagri format, for example 31."
                            )
                        ],
                        verbose_name="region code",
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
            ],
            options={
                "verbose_name": "province",
                "verbose_name_plural": "provinces",
                "ordering": ["kode"],
            },
        ),
        migrations.CreateModel(
            name="Kota",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kode",
                    models.CharField(
                        max_length=5,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{2}\\.\\d{2}$", "Use the Kemendagri format, for example 31.71."
                            )
                        ],
                        verbose_name="region code",
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("slug", models.SlugField(max_length=120, unique=True, verbose_name="slug")),
                (
                    "provinsi",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="kota",
                        to="kelurahan.provinsi",
                        verbose_name="province",
                    ),
                ),
            ],
            options={
                "verbose_name": "regency/city",
                "verbose_name_plural": "regencies/cities",
                "ordering": ["kode"],
            },
        ),
        migrations.AddField(
            model_name="kecamatan",
            name="kota",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="kecamatan",
                to="kelurahan.kota",
                verbose_name="regency/city",
            ),
        ),
        migrations.AddField(
            model_name="kelurahan",
            name="kind",
            field=models.CharField(
                choices=[("kelurahan", "kelurahan"), ("desa", "desa")],
                default="kelurahan",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="kelurahan",
            name="office",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="kelurahan",
                to="kelurahan.office",
                verbose_name="office",
            ),
        ),
        migrations.AddField(
            model_name="office",
            name="cities",
            field=models.ManyToManyField(
                blank=True,
                related_name="offices",
                to="kelurahan.kota",
                verbose_name="regencies/cities covered",
            ),
        ),
        migrations.RunPython(link_regions, refuse_kelurahan_without_office),
        migrations.AlterField(
            model_name="kecamatan",
            name="kota",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="kecamatan",
                to="kelurahan.kota",
                verbose_name="regency/city",
            ),
        ),
    ]
