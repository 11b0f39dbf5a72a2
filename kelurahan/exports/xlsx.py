"""The recap as a formatted XLSX workbook, written in openpyxl's streaming (write-only) mode."""

import tempfile

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kelurahan.exports.cells import looks_like_formula
from kelurahan.selectors.recap import Recap

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")
# The finished file stays in memory up to this size, then moves to a temporary file on disk.
SPOOL_BYTES = 8 * 1024 * 1024


def _cells(sheet, values, *, font=None, fill=None, alignment=None) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if looks_like_formula(value):
            # openpyxl makes "=..." a formula; a string cell, shown as typed, is never run.
            # quotePrefix keeps it text when someone edits the cell in Excel or LibreOffice.
            cell.data_type = "s"
            cell.quotePrefix = True
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if alignment:
            cell.alignment = alignment
        cells.append(cell)
    return cells


def recap_title(recap: Recap) -> str:
    return _("Recap of the Desa/Kelurahan Binaan programme — %(office)s — %(period)s") % {
        "office": recap.office_name,
        "period": recap.period.label,
    }


def recap_workbook(recap: Recap):
    """A file object holding the workbook, positioned at its start, ready to be sent."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=recap.period.slug)
    # Columns and panes must be set before the first row is written.
    for index, column in enumerate(recap.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    identity = sum(not column.numeric for column in recap.columns)
    sheet.freeze_panes = f"{get_column_letter(identity + 1)}3"
    sheet.append(_cells(sheet, [recap_title(recap)], font=TITLE_FONT))
    labels = [column.label for column in recap.columns]
    sheet.append(_cells(sheet, labels, font=BOLD, fill=HEADER_FILL, alignment=WRAP))
    for row in recap.rows():
        # Plain values are cheaper to write; only formula-like text needs a cell of its own.
        sheet.append([_cells(sheet, [v])[0] if looks_like_formula(v) else v for v in row])
    sheet.append(_cells(sheet, recap.totals, font=BOLD, fill=TOTAL_FILL))
    # FileResponse closes it once sent.
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output
