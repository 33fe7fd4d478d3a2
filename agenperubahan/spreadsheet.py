"""Every CSV and XLSX export writes user text through here, so a name or title cannot become a live formula.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed (or the full-width
``＝ ＋ － ＠``, which some spreadsheet programs read the same way) is a formula to Excel and LibreOffice. In CSV the
text gets a leading apostrophe (spreadsheets show it as text). In XLSX it is stored as a text cell with Excel's
quote prefix, so it reads exactly as typed and stays text when edited. Numbers, dates and booleans are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value[:1] in FORMULA_STARTS


def csv_safe(value):
    """A CSV field value: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values: Iterable) -> list:
    return [csv_safe(v) for v in values]


def xlsx_append(ws, values: Iterable) -> None:
    """``ws.append(values)``, with formula-like text written as a text cell (data type ``s``, quote prefix)."""
    ws.append([_xlsx_cell(ws, v) if is_formula_like(v) else v for v in values])


def _xlsx_cell(ws, value: str):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    cell = WriteOnlyCell(ws, value=value) if isinstance(ws, WriteOnlyWorksheet) else Cell(ws, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
