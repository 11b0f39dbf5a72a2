"""Admin lists that stay fast at a million rows: no COUNT(*) and no full scan per page view.

On PostgreSQL, counting a million rows reads them all, and so does Django's date drill-down
(SELECT DISTINCT of every year). `LargeListAdminMixin` gives a ModelAdmin:

- a paginator that counts exactly up to ESTIMATE_ABOVE rows and, above that, takes
  PostgreSQL's own estimate (pg_class.reltuples for a whole table, EXPLAIN's row estimate for
  a filtered list) after checking with one short probe that there really are more rows;
- no second count of the unfiltered list (`show_full_result_count = False`) and no facet
  counts;
- a date drill-down whose years and months run from the first to the last date, found with
  two index probes instead of a SELECT DISTINCT over every row.

Counts stay exact on SQLite and for lists of up to ESTIMATE_ABOVE rows. docs/indexes.md lists
the indexes the lists' filters and orderings rely on.
"""

import datetime
import functools
import json
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Max, Min, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from kelurahan.admin.base import ModelAdminMixinBase

if TYPE_CHECKING:  # DateDrillDownMixin goes in front of a QuerySet class
    _QuerySetBase = QuerySet[Any]
else:
    _QuerySetBase = object

# Below this many rows an exact count is cheap enough, and pagination is exact.
ESTIMATE_ABOVE = 10_000


def _is_whole_table(query) -> bool:
    return not (query.where or query.distinct or query.is_sliced or query.combinator)


def _table_estimate(connection, model) -> int | None:
    """The table's row count as of its last ANALYZE; None if it was never analyzed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [connection.ops.quote_name(model._meta.db_table)],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] >= 0 else None


def _plan_estimate(connection, queryset) -> int:
    """The planner's estimate of the rows the query returns (EXPLAIN, nothing is run)."""
    plain = queryset.order_by().select_related(None)
    sql, params = plain.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def row_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of how many rows the queryset has; None on other databases."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    if _is_whole_table(queryset.query):
        return _table_estimate(connection, queryset.model)
    return _plan_estimate(connection, queryset)


class EstimatedCountPaginator(Paginator):
    """Exact count for short lists and on SQLite; PostgreSQL's estimate for long lists."""

    object_list: QuerySet  # the admin's changelist pages a queryset
    estimate_above = ESTIMATE_ABOVE
    estimated = False  # True once count is an estimate

    @cached_property
    def count(self):
        estimate = row_estimate(self.object_list)
        if estimate is None or estimate <= self.estimate_above:
            return super().count
        # The planner can be wrong: a short list is counted exactly, it costs little.
        if not self.object_list.order_by()[self.estimate_above :].exists():
            return super().count
        self.estimated = True
        return max(estimate, self.estimate_above + 1)


class DateDrillDownMixin(_QuerySetBase):
    """A queryset whose date drill-down reads two rows: the first and the last by date.

    Django's date_hierarchy asks for aggregate(first=Min(f), last=Max(f)), then for the
    years (or months) with SELECT DISTINCT over every row. PostgreSQL answers MIN and MAX
    from an index only for a single table, and the office scoping of sessions joins their
    kelurahan; the first and the last row in date order are two index probes in both cases.
    The years and months offered run from the first date to the last, so a month without
    rows may be offered: it shows an empty list. For DateTimeFields (days and DateFields keep
    Django's own query).
    """

    def aggregate(self, *args, **kwargs):
        field_name = _date_bounds_field(args, kwargs)
        if field_name is None:
            return super().aggregate(*args, **kwargs)
        return self._date_bounds(field_name)

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        if kind not in ("year", "month"):
            return super().datetimes(field_name, kind, order, tzinfo)
        bounds = self._date_bounds(field_name)
        if bounds["first"] is None:
            return []
        zone = tzinfo or timezone.get_current_timezone()
        first, last = (timezone.localtime(bounds[end], zone) for end in ("first", "last"))
        periods = [timezone.make_aware(start, zone) for start in _periods(first, last, kind)]
        return periods if order == "ASC" else periods[::-1]

    def _date_bounds(self, field_name: str) -> dict:
        """{"first": earliest, "last": latest} value of the field; asked once per queryset."""
        cache = self.__dict__.setdefault("_date_bounds_cache", {})
        if field_name not in cache:
            dated = self.filter(**{f"{field_name}__isnull": False}).values_list(
                field_name, flat=True
            )
            cache[field_name] = {
                "first": dated.order_by(field_name).first(),
                "last": dated.order_by(f"-{field_name}").first(),
            }
        return cache[field_name]


def _date_bounds_field(args, kwargs) -> str | None:
    """The field of an aggregate(first=Min(field), last=Max(field)) call, else None."""
    first, last = kwargs.get("first"), kwargs.get("last")
    if args or set(kwargs) != {"first", "last"}:
        return None
    if not (type(first) is Min and type(last) is Max) or first.filter or last.filter:
        return None
    names = {getattr(expr.get_source_expressions()[0], "name", None) for expr in (first, last)}
    return names.pop() if len(names) == 1 else None


def _periods(first: datetime.datetime, last: datetime.datetime, kind: str):
    """The starts of every year (or month) from first's to last's, as naive datetimes."""
    year, month = first.year, first.month if kind == "month" else 1
    while (year, month) <= (last.year, last.month):
        yield datetime.datetime(year, month, 1)
        if kind == "year":
            year += 1
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@functools.cache
def _with_date_drill_down(queryset_class):
    name = f"DateDrillDown{queryset_class.__name__}"
    return type(name, (DateDrillDownMixin, queryset_class), {})


class LargeChangeList(ChangeList):
    """A changelist whose date drill-down reads two rows, not all of them."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        queryset.__class__ = _with_date_drill_down(type(queryset))
        return queryset


class LargeListAdminMixin(ModelAdminMixinBase):
    """For ModelAdmins of tables that grow to a million rows (sessions, reports)."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False  # no second COUNT(*) of the unfiltered list
    show_facets = admin.ShowFacets.NEVER  # a count per filter choice is a full scan each

    def get_changelist(self, request, **kwargs):
        """A changelist whose date drill-down reads two rows."""
        return LargeChangeList
