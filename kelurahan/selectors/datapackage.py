"""The open data as a Frictionless data package: /data/datapackage.json describes every file.

Data Package v1 (https://specs.frictionlessdata.io/data-package/): each CSV file is a tabular
data resource with a Table Schema (field names, types, "<5" as the marker of a hidden count);
the JSON file is a plain data resource with a JSON Schema of its own. Paths are relative, so
the package also describes copies of the files saved next to it. One query (the topics).
"""

from django.utils.translation import gettext as _

from kelurahan.selectors import opendata

NAME = "desa-binaan-open-data"
COUNT = {"type": "integer", "constraints": {"required": True, "minimum": 0}}
TEXT = {"type": "string", "constraints": {"required": True}}
MONTH = {"type": "yearmonth", "format": "default", "constraints": {"required": True}}
FIELD_TYPES = {
    "kode_wilayah": {
        **TEXT,
        "constraints": {"required": True, "pattern": r"[0-9]{2}(\.[0-9]{2}){2}\.[0-9]{4}"},
    },
    "kelurahan": TEXT,
    "kecamatan": TEXT,
    "office": TEXT,
    "month": MONTH,
}
# A hidden count is not a number: in the CSV files it is "<5", which Table Schema reads as a
# missing value. So a report count may be missing, but nothing else may.
HIDDEN_COUNT = {"type": "integer", "constraints": {"minimum": 0}}


def _field(name: str, description, *, hidden_allowed: bool = False) -> dict:
    kind = FIELD_TYPES.get(name) or (HIDDEN_COUNT if hidden_allowed else COUNT)
    return {"name": name, "description": str(description), **kind}


def _session_fields(topic_list: list[dict]) -> list[dict]:
    columns = [_field(name, meaning) for name, meaning, _type in opendata.SESSION_COLUMNS]
    per_topic = [
        _field(
            topic["column"],
            _("Sessions held that covered the topic: %(name)s") % {"name": topic["name"]},
        )
        for topic in topic_list
    ]
    return columns[:5] + per_topic + columns[5:]


def _report_fields() -> list[dict]:
    return [
        _field(name, meaning, hidden_allowed=name in opendata.REPORT_COUNTS)
        for name, meaning, _type in opendata.REPORT_COLUMNS
    ]


def _csv_resource(name: str, path: str, title, fields: list[dict], **schema) -> dict:
    return {
        "name": name,
        "path": path,
        "title": str(title),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": {"fields": fields, **schema},
    }


def _nullable_count() -> dict:
    return {"type": ["integer", "null"], "minimum": 0}


def json_schema(topic_list: list[dict]) -> dict:
    """A JSON Schema of statistik.json: every field has one type (a count: number or null)."""
    count = {"type": "integer", "minimum": 0}
    session_row = {
        "type": "object",
        "required": [name for name, _m, _t in opendata.SESSION_COLUMNS] + ["topics"],
        "properties": {
            **{name: {"type": "string"} for name in ("kode_wilayah", "kelurahan", "kecamatan")},
            "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
            "topics": {
                "type": "object",
                "properties": {topic["slug"]: count for topic in topic_list},
                "additionalProperties": count,
            },
        },
        "additionalProperties": count,
    }
    flags = [opendata.SUPPRESSED_FLAG.format(name) for name in opendata.REPORT_COUNTS]
    report_row = {
        "type": "object",
        "required": ["month", "office", *opendata.REPORT_COUNTS, *flags],
        "properties": {
            "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
            "office": {"type": "string"},
            **{name: _nullable_count() for name in opendata.REPORT_COUNTS},
            **{flag: {"type": "boolean"} for flag in flags},
        },
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["meta", "rows", "reports"],
        "properties": {
            "meta": {"type": "object"},
            "rows": {"type": "array", "items": session_row},
            "reports": {"type": "array", "items": report_row},
        },
    }


def datapackage(*, homepage: str, created: str) -> dict:
    """The descriptor: the package, its licence and its three files."""
    topic_list = opendata.topics()
    statistics = _csv_resource(
        "statistik",
        "statistik.csv",
        _("Sessions per kelurahan and month"),
        _session_fields(topic_list),
        primaryKey=["kode_wilayah", "month"],
    )
    reports = _csv_resource(
        "laporan",
        "laporan.csv",
        _("Reports and tips per month"),
        _report_fields(),
        missingValues=[opendata.SUPPRESSED],
    )
    document = {
        "name": "statistik-json",
        "path": "statistik.json",
        "title": _("Both data sets in one JSON document"),
        "profile": "data-resource",
        "format": "json",
        "mediatype": "application/json",
        "encoding": "utf-8",
        "jsonSchema": json_schema(topic_list),
    }
    return {
        "profile": "data-package",
        "name": NAME,
        "title": _("Open data of the Desa/Kelurahan Binaan programme"),
        "homepage": homepage,
        "created": created,
        "licenses": [
            {"name": "CC-BY-4.0", "path": opendata.LICENCE_URL, "title": opendata.LICENCE}
        ],
        "sources": [{"title": name} for name in opendata.office_names()],
        "resources": [statistics, reports, document],
    }
