"""Reading an uploaded file into a header and rows. The type is decided by the content, never by the name."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .columns import BY_NAME, normalize_header

ERR_EMPTY = _("File kosong. Unggah file CSV atau XLSX hasil ekspor SIMPEG yang berisi data pegawai.")
ERR_TYPE = _("Jenis file tidak didukung: isinya bukan CSV maupun XLSX. Simpan file dari Excel sebagai "
             "\"Excel Workbook (.xlsx)\" atau \"CSV UTF-8\" lalu unggah lagi.")
ERR_OLD_XLS = _("File ini berformat Excel lama (.xls). Buka di Excel dan simpan sebagai \"Excel Workbook (.xlsx)\" "
                "atau \"CSV UTF-8\", lalu unggah lagi.")
ERR_BROKEN_XLSX = _("File XLSX rusak atau tidak bisa dibaca. Buka dan simpan ulang di Excel, lalu unggah lagi.")
ERR_TOO_BIG_XLSX = _("Isi file XLSX terlalu besar setelah diekstrak. Pecah file menjadi beberapa bagian.")
ERR_NO_HEADER = _("Baris judul kolom tidak ditemukan: salah satu dari 10 baris pertama harus berisi kolom NIP. "
                  "Gunakan templat impor.")
ERR_NO_ROWS = _("File hanya berisi judul kolom, tanpa data pegawai.")
ERR_TOO_MANY_ROWS = _("File berisi lebih dari %(max)s baris. Pecah menjadi beberapa file.")

MAX_ROWS = 50_000
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
HEADER_SCAN_ROWS = 10


class FileProblem(Exception):
    """The file as a whole cannot be imported (wrong type, empty, no header row …)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass
class Table:
    file_format: str                     # "csv" or "xlsx"
    headers: list[str]                   # as written in the file
    header_row: int                      # 1-based row number of the header in the file
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number in the file, cells)


def sniff_format(head: bytes) -> str:
    """"xlsx" or "csv" from the first bytes, or FileProblem."""
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise FileProblem(ERR_EMPTY)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"  # confirmed (or refused) when the archive is opened
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(ERR_OLD_XLS)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text ("Unicode Text" from Excel)
    if b"\x00" in head:
        raise FileProblem(ERR_TYPE)
    import filetype

    if filetype.guess(head) is not None:  # a PDF, an image, an archive …
        raise FileProblem(ERR_TYPE)
    try:
        _decode(head[:-4] if len(head) > 4 else head)  # a cut multi-byte character at the end is fine
    except UnicodeDecodeError:
        raise FileProblem(ERR_TYPE) from None
    return "csv"


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict")  # Excel's "CSV (Comma delimited)" on Windows
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            raise
        return text


def _find_header(rows) -> tuple[int, list] | None:
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        names = {normalize_header(c) for c in cells if c not in (None, "")}
        if names & BY_NAME["NIP"].names:
            return index, cells
    return None


def _is_blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _without_nul(cells) -> list:
    """PostgreSQL text cannot hold NUL characters (the request middleware strips them from forms for the same
    reason); a file may still carry them, so they are dropped from every cell before anything is stored."""
    return [c.replace("\x00", "") if isinstance(c, str) else c for c in cells]


def _table(file_format: str, raw_rows: list[list]) -> Table:
    raw_rows = [_without_nul(r) for r in raw_rows]
    if not raw_rows or all(_is_blank(r) for r in raw_rows):
        raise FileProblem(ERR_EMPTY)
    found = _find_header(raw_rows)
    if found is None:
        raise FileProblem(ERR_NO_HEADER)
    index, header = found
    headers = [str(h).strip() if h is not None else "" for h in header]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows = []
    for number, cells in enumerate(raw_rows[index + 1:], start=index + 2):
        cells = list(cells[:width]) + [None] * (width - len(cells))
        if not _is_blank(cells):
            rows.append((number, cells))
    if not rows:
        raise FileProblem(ERR_NO_ROWS)
    if len(rows) > MAX_ROWS:
        raise FileProblem(ERR_TOO_MANY_ROWS % {"max": f"{MAX_ROWS:,}".replace(",", ".")})
    return Table(file_format=file_format, headers=headers, header_row=index + 1, rows=rows)


def read_csv(data: bytes) -> Table:
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise FileProblem(ERR_TYPE) from None
    first_line = text.split("\n", 1)[0]
    # Indonesian Excel writes ";" (the comma is the decimal separator); "Unicode Text" writes tabs.
    delimiter = max([",", ";", "\t", "|"], key=first_line.count)
    try:
        raw_rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise FileProblem(ERR_TYPE) from None
    return _table("csv", raw_rows)


def read_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "xl/workbook.xml" not in names:
                raise FileProblem(ERR_TYPE)  # a .docx, a .zip …
            if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise FileProblem(ERR_TOO_BIG_XLSX)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileProblem:
        raise
    except Exception:  # zipfile.BadZipFile, KeyError, XML errors … from a damaged workbook
        raise FileProblem(ERR_BROKEN_XLSX) from None
    try:
        # The data is on the first sheet (the template's second sheet holds the instructions).
        sheet = workbook.worksheets[0]
        return _table("xlsx", [list(r) for r in sheet.iter_rows(values_only=True)])
    finally:
        workbook.close()


def read_table(data: bytes) -> Table:
    file_format = sniff_format(data[:8192])
    return read_xlsx(data) if file_format == "xlsx" else read_csv(data)
