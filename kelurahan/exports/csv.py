"""The recap as CSV, streamed row by row: UTF-8 with a BOM so Excel reads it correctly."""

import csv
from collections.abc import Iterator

from kelurahan.exports.cells import csv_row
from kelurahan.selectors.recap import Recap

BOM = "\ufeff"


class _Echo:
    """A file-like object whose write() hands the line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def recap_csv_lines(recap: Recap) -> Iterator[str]:
    """The header row, one line per place and the totals row, one string at a time."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(csv_row(column.label for column in recap.columns))
    for row in recap.rows():
        yield writer.writerow(csv_row(row))
    yield writer.writerow(csv_row(recap.totals))
