"""Issue 14: the one escaping helper every CSV/XLSX export uses."""

import io

from openpyxl import Workbook, load_workbook

from agenperubahan.spreadsheet import csv_row, csv_safe, xlsx_append


def test_formula_like_text_gets_an_apostrophe_in_csv_and_numbers_stay_numbers():
    assert csv_row(["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "＝1", "Budi", 5, -3, 2.5, None]) == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "'＝1", "Budi", 5, -3, 2.5, None]
    assert csv_safe("") == ""


def test_formula_like_text_is_a_quoted_text_cell_in_xlsx_in_both_workbook_modes():
    for write_only in (False, True):
        wb = Workbook(write_only=write_only)
        ws = wb.create_sheet("a")
        xlsx_append(ws, ["=1+1", -4, "Budi"])
        buffer = io.BytesIO()
        wb.save(buffer)
        a1, b1, c1 = next(load_workbook(io.BytesIO(buffer.getvalue()))["a"].iter_rows())
        assert (a1.value, a1.data_type, a1.quotePrefix) == ("=1+1", "s", True)
        assert b1.value == -4 and b1.data_type == "n"
        assert c1.value == "Budi" and not c1.quotePrefix
