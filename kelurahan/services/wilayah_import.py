"""Reading and importing Kemendagri region lists: Jakarta Pusat's own file or the national one.

Two formats, told apart by their header:
- national (`kode,nama,level,kode_pos`): provinsi, kabupaten/kota, kecamatan, desa/kelurahan;
- Jakarta Pusat (`kode_kecamatan,kecamatan,kode_kelurahan,kelurahan,kode_pos`): kecamatan and
  kelurahan only; their city and province follow from the codes.

The whole file is checked before anything is written, and written in one transaction, so a
bad row leaves the database as it was. Everything already stored is read up front into dicts
and written back with bulk inserts and updates: the national list (91,599 rows) takes seconds.
Slugs are public URLs printed on posters, so a stored row keeps its slug whatever happens.
"""

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db.models import SlugField
from django.utils.text import slugify

from kelurahan.models import Kecamatan, Kelurahan, KelurahanSlugRedirect, Kota, Office, Provinsi

if TYPE_CHECKING:
    from _csv import Reader

NATIONAL_COLUMNS = ("kode", "nama", "level", "kode_pos")
JAKARTA_COLUMNS = ("kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan", "kode_pos")
PROVINSI, KOTA, KECAMATAN, KELURAHAN = 1, 2, 3, 4
LEVELS = (PROVINSI, KOTA, KECAMATAN, KELURAHAN)
RegionModel = Provinsi | Kota | Kecamatan | Kelurahan
MODELS: dict[int, type[RegionModel]] = {
    PROVINSI: Provinsi,
    KOTA: Kota,
    KECAMATAN: Kecamatan,
    KELURAHAN: Kelurahan,
}
LABELS = {PROVINSI: "Provinsi", KOTA: "Kota", KECAMATAN: "Kecamatan", KELURAHAN: "Kelurahan"}
PARENT_FIELDS = {KOTA: "provinsi_id", KECAMATAN: "kota_id", KELURAHAN: "kecamatan_id"}
KODE_SHAPES = {
    PROVINSI: re.compile(r"\d{2}"),
    KOTA: re.compile(r"\d{2}\.\d{2}"),
    KECAMATAN: re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    KELURAHAN: re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}
EXAMPLES = {PROVINSI: "31", KOTA: "31.71", KECAMATAN: "31.71.03", KELURAHAN: "31.71.03.1002"}
POSTAL_CODE = re.compile(r"(\d{5})?")
NAME_MAX_LENGTH = 100
# The parents of Jakarta Pusat, named when a file gives only their codes.
KNOWN_NAMES = {"31": "Daerah Khusus Ibukota Jakarta", "31.71": "Kota Administrasi Jakarta Pusat"}
BATCH_SIZE = 2000


class WilayahFileError(Exception):
    """A file that cannot be imported; the message names the file and the line."""


@dataclass(frozen=True)
class Region:
    """One region of the file. `implied`: known only from its children's codes, never renamed."""

    level: int
    kode: str
    name: str
    postal_code: str = ""
    line: int = 0
    implied: bool = False

    @property
    def parent_kode(self) -> str:
        return self.kode.rsplit(".", 1)[0]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


# Reading


@dataclass
class WilayahFile:
    path: Path
    national: bool
    regions: list[Region] = field(default_factory=list)

    def error(self, line: int, message: str) -> WilayahFileError:
        return WilayahFileError(f"{self.path}, line {line}: {message}")

    def cities(self) -> set[str]:
        return {region.kode for region in self.regions if region.level == KOTA}


def read_file(path: Path) -> WilayahFile:
    """The regions of a national or Jakarta Pusat file, checked row by row."""
    if not path.exists():
        raise WilayahFileError(f"File not found: {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            file = _read_rows(path, reader)
        except csv.Error as error:
            raise WilayahFileError(f"{path}, line {reader.line_num}: {error}") from error
        except UnicodeDecodeError as error:
            raise WilayahFileError(f"{path}: not UTF-8 text ({error.reason}).") from error
    _check_unique(file)
    return file


def _read_rows(path: Path, reader: "Reader") -> WilayahFile:
    header = [column.strip() for column in next(reader, [])]
    national = "level" in header or "nama" in header
    wanted = NATIONAL_COLUMNS if national else JAKARTA_COLUMNS
    missing = [column for column in wanted if column not in header]
    if missing:
        raise WilayahFileError(f"{path}: missing columns {', '.join(missing)}")
    file = WilayahFile(path, national)
    positions = [header.index(column) for column in wanted]
    read_row = _national_row if national else _jakarta_rows
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue  # a blank line, often the last one
        values = [row[i].strip() if i < len(row) else "" for i in positions]
        file.regions.extend(read_row(file, reader.line_num, *values))
    return file


def _national_row(
    file: WilayahFile, line: int, kode: str, name: str, level: str, postal_code: str
) -> list[Region]:
    if level not in {"1", "2", "3", "4"}:
        raise file.error(line, f"unknown level {level!r} (1 provinsi to 4 desa/kelurahan).")
    region = Region(int(level), kode, name, postal_code, line)
    _check_region(file, region)
    return [region]


def _jakarta_rows(
    file: WilayahFile, line: int, kode_kec: str, kec: str, kode_kel: str, kel: str, postal_code: str
) -> list[Region]:
    if not all((kode_kec, kec, kode_kel, kel)):
        raise file.error(line, "a required value is empty.")
    kecamatan = Region(KECAMATAN, kode_kec, kec, line=line)
    kelurahan = Region(KELURAHAN, kode_kel, kel, postal_code, line)
    for region in (kecamatan, kelurahan):
        _check_region(file, region)
    if kelurahan.parent_kode != kode_kec:
        raise file.error(line, f"kelurahan {kode_kel} is not in kecamatan {kode_kec}.")
    implied = [
        Region(level, kode, KNOWN_NAMES.get(kode, kode), line=line, implied=True)
        for level, kode in ((PROVINSI, kode_kec[:2]), (KOTA, kode_kec[:5]))
    ]
    return [*implied, kecamatan, kelurahan]


def _check_region(file: WilayahFile, region: Region) -> None:
    """The kode has the shape of its level, the name is there, the postal code is 5 digits."""
    if not KODE_SHAPES[region.level].fullmatch(region.kode):
        shapes = [level for level, shape in KODE_SHAPES.items() if shape.fullmatch(region.kode)]
        if shapes:
            message = f"kode {region.kode} is a level {shapes[0]} code, not level {region.level}."
        else:
            example = EXAMPLES[region.level]
            message = f"malformed kode {region.kode!r} (expected the form {example})."
        raise file.error(region.line, message)
    if not region.name:
        raise file.error(region.line, f"the name of {region.kode} is empty.")
    if len(region.name) > NAME_MAX_LENGTH:
        raise file.error(region.line, f"the name of {region.kode} is too long.")
    if not POSTAL_CODE.fullmatch(region.postal_code):
        raise file.error(region.line, f"malformed postal code {region.postal_code!r}.")


def _check_unique(file: WilayahFile) -> None:
    """Each kode once; in the Jakarta format a kecamatan repeats on each of its kelurahan rows."""
    first_line: dict[tuple[int, str], int] = {}
    unique = []
    for region in file.regions:
        key = (region.level, region.kode)
        if key not in first_line:
            first_line[key] = region.line
            unique.append(region)
        elif file.national or region.level == KELURAHAN:
            raise file.error(
                region.line, f"kode {region.kode} appears twice (first on line {first_line[key]})."
            )
    file.regions = unique


def check_parents(file: WilayahFile, stored: dict[int, dict]) -> None:
    """Every region's parent is in the file or already stored."""
    in_file = {(region.level, region.kode) for region in file.regions}
    for region in file.regions:
        if region.level == PROVINSI:
            continue
        parent = (region.level - 1, region.parent_kode)
        if parent not in in_file and region.parent_kode not in stored[region.level - 1]:
            raise file.error(
                region.line, f"the parent {region.parent_kode} of {region.kode} is missing."
            )


# Slugs


@lru_cache(maxsize=1 << 17)
def slug_text(name: str) -> str:
    """slugify, but "I,II" or "Raja/Ulu" keep their separation."""
    return slugify(re.sub(r"[,/]", " ", name))


@lru_cache(maxsize=1 << 17)
def city_text(name: str) -> str:
    """A city's name for a slug, without the words nobody says: "Kabupaten", "Administrasi"."""
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten "):
        if name.startswith(prefix):
            return slug_text(name.removeprefix(prefix))
    return slug_text(name)


def _join(parts: Iterable[str], max_length: int) -> str:
    return "-".join(part for part in parts if part)[:max_length].strip("-")


def slug_choices(
    level: int, kode: str, names: dict[int, dict[str, str]], max_length: int
) -> list[str]:
    """The slugs a region may take, best first; the last one, with the kode, is unique."""
    own = slug_text(names[level][kode])
    parent_names = {}
    for parent_level in range(level - 1, 0, -1):
        parent_kode = kode[: len(EXAMPLES[parent_level])]
        parent_names[parent_level] = names[parent_level].get(parent_kode, "")
    if level == KELURAHAN:
        context = [[slug_text(parent_names[KECAMATAN])], [city_text(parent_names[KOTA])]]
    elif level == KECAMATAN:
        context = [[city_text(parent_names[KOTA])], [slug_text(parent_names[PROVINSI])]]
    elif level == KOTA:
        context = [[slug_text(parent_names[PROVINSI])]]
    else:
        context = []
    choices, parts = [_join([own], max_length)], [own]
    for extra in context:
        parts = parts + extra
        choices.append(_join(parts, max_length))
    digits = kode.replace(".", "")
    choices.append(_join([own[: max_length - len(digits) - 1], digits], max_length))
    return [choice for choice in choices if choice]


def allocate_slugs(choices: dict[str, list[str]], new: list[str], taken: set[str]) -> dict:
    """Slugs for the new kode, deterministic: a name shared by several regions is never given
    to one of them; they all move on to the next, longer choice, ending with the kode's digits.

    `choices` covers every region of the level (stored ones too, so a later import gives a new
    village the slug a first import would have); `taken` holds the slugs already stored.
    """
    chosen: dict[str, str] = {}
    for tier in range(max(len(c) for c in choices.values())):
        pending = [kode for kode in new if kode not in chosen]
        if not pending:
            break
        counts = Counter(c[min(tier, len(c) - 1)] for c in choices.values())
        for kode in pending:
            slug = choices[kode][min(tier, len(choices[kode]) - 1)]
            if counts[slug] == 1 and slug not in taken:
                chosen[kode] = slug
                taken.add(slug)
    for kode in new:
        if kode not in chosen:  # only when an unrelated row holds even the kode's slug
            base, number = choices[kode][-1], 2
            while f"{base}-{number}" in taken:
                number += 1
            chosen[kode] = f"{base}-{number}"
            taken.add(chosen[kode])
    return chosen


# Importing


@dataclass
class Importer:
    """Brings the stored regions up to the file: creates, renames, never changes a slug."""

    file: WilayahFile
    progress: Callable[[int], None] = lambda done: None
    counts: dict[int, Counts] = field(default_factory=dict)
    done: int = 0
    # Read up front, by level then kode: stored rows, primary keys and names (as imported).
    stored: dict[int, dict] = field(default_factory=dict, init=False)
    pks: dict[int, dict[str, int]] = field(default_factory=dict, init=False)
    names: dict[int, dict[str, str]] = field(default_factory=dict, init=False)
    office_of_city: dict[int, int] = field(default_factory=dict, init=False)

    def run(self) -> dict[int, Counts]:
        self.stored = {level: self._stored(level) for level in LEVELS}
        check_parents(self.file, self.stored)
        self.pks = {level: {k: row.pk for k, row in self.stored[level].items()} for level in LEVELS}
        self.names = {
            level: {k: row.name for k, row in self.stored[level].items()} for level in LEVELS
        }
        self.office_of_city = dict(
            Office.cities.through.objects.values_list("kota_id", "office_id")
        )
        by_level: dict[int, list[Region]] = {level: [] for level in LEVELS}
        for region in self.file.regions:
            by_level[region.level].append(region)
        for level in LEVELS:
            self.counts[level] = self._load_level(level, by_level[level])
        return self.counts

    def _stored(self, level: int) -> dict:
        fields = ["pk", "kode", "name", "slug", *self._value_fields(level)]
        rows = MODELS[level].objects.order_by().values_list(*fields, named=True)
        return {row.kode: row for row in rows.iterator(chunk_size=5000)}

    @staticmethod
    def _value_fields(level: int) -> list[str]:
        extra = ["postal_code", "kind"] if level == KELURAHAN else []
        return [PARENT_FIELDS[level], *extra] if level in PARENT_FIELDS else extra

    def _values(self, region: Region) -> dict:
        values: dict[str, Any] = {"name": region.name}
        if region.level in PARENT_FIELDS:
            parent = self.pks[region.level - 1][region.parent_kode]
            values[PARENT_FIELDS[region.level]] = parent
        if region.level == KELURAHAN:
            values["postal_code"] = region.postal_code
            values["kind"] = Kelurahan.kind_for_kode(region.kode)
        return values

    def _load_level(self, level: int, regions: list[Region]) -> Counts:
        stored, model, counts = self.stored[level], MODELS[level], Counts()
        new, changed = [], []
        for region in regions:
            current = stored.get(region.kode)
            if current is not None and region.implied:
                counts.unchanged += 1
                continue
            if current is None:
                new.append(region)
            else:
                values = self._values(region)
                if self._same(current, values):
                    counts.unchanged += 1
                    continue
                changed.append(model(pk=current.pk, **values))
            self.names[level][region.kode] = region.name
        self._advance(counts.unchanged)
        self._update(model, changed, [*self._value_fields(level), "name"])
        self._create(level, new)
        counts.created, counts.updated = len(new), len(changed)
        if level != KELURAHAN and new:
            self.pks[level] = dict(model.objects.values_list("kode", "pk"))
        return counts

    @staticmethod
    def _same(current: Any, values: dict) -> bool:
        return all(getattr(current, name) == value for name, value in values.items())

    def _create(self, level: int, regions: list[Region]) -> None:
        if not regions:
            return
        model = MODELS[level]
        slug_field = model._meta.get_field("slug")
        assert isinstance(slug_field, SlugField) and slug_field.max_length is not None
        max_length = slug_field.max_length
        new = [region.kode for region in regions]
        choices = {
            kode: slug_choices(level, kode, self.names, max_length)
            for kode in self._contenders(level, new)
        }
        taken = {row.slug for row in self.stored[level].values()}
        if model is Kelurahan:  # a renamed kelurahan's former slug still redirects to it
            taken |= set(KelurahanSlugRedirect.objects.values_list("old_slug", flat=True))
        slugs = allocate_slugs(choices, new, taken)
        objects = [self._new_object(model, region, slugs[region.kode]) for region in regions]
        for start in range(0, len(objects), BATCH_SIZE):
            batch = objects[start : start + BATCH_SIZE]
            model.objects.bulk_create(batch)
            self._advance(len(batch))

    def _contenders(self, level: int, new: list[str]) -> set[str]:
        """The new regions and every region whose name another one shares: only they compete
        for the same slugs (a rare overlap with another name's slug is caught by `taken`)."""
        own = {kode: slug_text(name) for kode, name in self.names[level].items()}
        shared = {text for text, count in Counter(own.values()).items() if count > 1}
        return {kode for kode, text in own.items() if text in shared}.union(new)

    # Any: an instance of `model`, which is one of MODELS' classes; mypy cannot tie them together.
    def _new_object(self, model: type[RegionModel], region: Region, slug: str) -> Any:
        values = self._values(region)
        if region.level == KELURAHAN:
            kota_pk = self._city_pk(region.kode)
            values["office_id"] = self.office_of_city.get(kota_pk)
        return model(kode=region.kode, slug=slug, **values)

    def _city_pk(self, kode: str) -> int:
        return self.pks[KOTA][kode[: len(EXAMPLES[KOTA])]]

    def _update(self, model: type[RegionModel], objects: list, fields: list[str]) -> None:
        for start in range(0, len(objects), BATCH_SIZE):
            batch = objects[start : start + BATCH_SIZE]
            model.objects.bulk_update(batch, fields, batch_size=500)
            self._advance(len(batch))

    def _advance(self, rows: int) -> None:
        if rows:
            self.done += rows
            self.progress(self.done)
