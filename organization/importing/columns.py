"""The columns of an SIMPEG employee export: their names (with the variants people and exports use) and how each
cell becomes a model value.

A parser takes the raw cell (str, int, float, date or None) and returns the model value, or raises
``CellError`` with a message the operator can act on. ``None`` from a parser means "the cell is empty".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..models import Employee, PositionLevel, PositionType, Rank, SkpPredikat
from ..nip import normalize_nip


class CellError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def normalize_header(value) -> str:
    """``"Tgl. Lahir "`` → ``TGL_LAHIR``; ``"e-mail"`` → ``E_MAIL``."""
    return re.sub(r"[^A-Z0-9]+", "_", str(value or "").strip().upper()).strip("_")


def _key(value) -> str:
    """Loose key for matching choice labels: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", "", str(value).lower())


def text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = re.sub(r"\s+", " ", str(value)).strip()
    return value or None


# --- parsers ------------------------------------------------------------------------------------------------

ERR_NIP_AS_NUMBER = _(
    "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang (mis. 1,98609E+17). Format kolom NIP "
    "sebagai Teks di Excel lalu isi ulang NIP-nya."
)


def parse_nip(value) -> str | None:
    if isinstance(value, float):
        raise CellError(ERR_NIP_AS_NUMBER)
    raw = text(value)
    if raw is None:
        return None
    if re.fullmatch(r"\d+([.,]\d+)?[eE]\+?\d+", raw):
        raise CellError(ERR_NIP_AS_NUMBER)
    # SIMPEG sometimes prefixes an apostrophe to keep Excel from turning the NIP into a number.
    return normalize_nip(raw.lstrip("'`"))


def parse_name(value) -> str | None:
    return text(value)


def _choice_parser(mapping: dict[str, str], message) -> Callable:
    lookup = {_key(k): v for k, v in mapping.items()}

    def parse(value):
        raw = text(value)
        if raw is None or raw in ("-", "—"):
            return None
        found = lookup.get(_key(raw))
        if found is None:
            raise CellError(message % {"value": raw})
        return found

    return parse


def _file_label(label) -> str:
    """A choice label as it is written in an SIMPEG file: always Indonesian, whatever language is active when this
    module is first imported (it may be during an English request)."""
    with translation.override("id"):
        return str(label)


def _choices(choices) -> dict[str, str]:
    """Accept both the stored value and the label of each choice (``pelaksana`` and ``Pelaksana``)."""
    out = {}
    for value, label in choices:
        out[value] = value
        out[_file_label(label)] = value
    return out


parse_employee_type = _choice_parser(
    {"PNS": "PNS", "CPNS": "PNS", "PPPK": "PPPK", "P3K": "PPPK", "Pegawai Negeri Sipil": "PNS",
     "Pegawai Pemerintah dengan Perjanjian Kerja": "PPPK"},
    _("Jenis pegawai '%(value)s' tidak dikenal: isi PNS atau PPPK."),
)

parse_sex = _choice_parser(
    {"L": "L", "Laki-laki": "L", "Laki laki": "L", "Pria": "L", "M": "L", "1": "L",
     "P": "P", "Perempuan": "P", "Wanita": "P", "F": "P", "W": "P", "2": "P"},
    _("Jenis kelamin '%(value)s' tidak dikenal: isi L (laki-laki) atau P (perempuan)."),
)

_POSITION_TYPES = _choices(PositionType.choices) | {
    "JPT": PositionType.JPT_PRATAMA, "Jabatan Pimpinan Tinggi Pratama": PositionType.JPT_PRATAMA,
    "Jabatan Pimpinan Tinggi Madya": PositionType.JPT_MADYA, "Jabatan Pimpinan Tinggi Utama": PositionType.JPT_UTAMA,
    "Jabatan Administrator": PositionType.ADMINISTRATOR, "Jabatan Pengawas": PositionType.PENGAWAS,
    "Jabatan Pelaksana": PositionType.PELAKSANA, "JFU": PositionType.PELAKSANA, "Fungsional Umum": PositionType.PELAKSANA,
    # "Fungsional" alone is resolved from the jenjang (Ahli … → keahlian, Pemula … Penyelia → keterampilan).
    "Fungsional": "fungsional", "JFT": "fungsional", "Fungsional Tertentu": "fungsional",
}
parse_position_type = _choice_parser(
    _POSITION_TYPES,
    _("Jenis jabatan '%(value)s' tidak dikenal. Pilihan: JPT Utama, JPT Madya, JPT Pratama, Administrator, "
      "Pengawas, Pelaksana, Fungsional keahlian, Fungsional keterampilan."),
)

parse_position_level = _choice_parser(
    _choices(PositionLevel.choices) | {"Pertama": PositionLevel.AHLI_PERTAMA, "Muda": PositionLevel.AHLI_MUDA,
                                       "Madya": PositionLevel.AHLI_MADYA, "Utama": PositionLevel.AHLI_UTAMA,
                                       "Terampil/Pelaksana": PositionLevel.TERAMPIL,
                                       "Mahir/Pelaksana Lanjutan": PositionLevel.MAHIR},
    _("Jenjang jabatan '%(value)s' tidak dikenal. Pilihan: Ahli Pertama, Ahli Muda, Ahli Madya, Ahli Utama, "
      "Pemula, Terampil, Mahir, Penyelia (kosongkan untuk jabatan struktural dan pelaksana)."),
)

parse_skp = _choice_parser(
    _choices(SkpPredikat.choices),
    _("Predikat SKP '%(value)s' tidak dikenal. Pilihan: Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang."),
)

_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_PPPK_NUMBERS = {str(i): r for i, r in enumerate(
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"],
    start=1)}
RANKS = frozenset(Rank.values)
ERR_RANK = _("Golongan '%(value)s' tidak dikenal. Contoh: III/a untuk PNS, IX untuk PPPK.")


def parse_rank(value) -> str | None:
    raw = text(value)
    if raw is None or raw in ("-", "—"):
        return None
    # "Penata Muda (III/a)", "III-A", "3a", "III / a"
    match = re.search(r"\b(IV|III|II|I|[1-4])\s*[/\-.]?\s*([a-eA-E])\b", raw)
    if match:
        roman = _ROMAN.get(match.group(1), match.group(1).upper())
        rank = f"{roman}/{match.group(2).lower()}"
        if rank in RANKS:
            return rank
    match = re.fullmatch(r"(?:gol(?:ongan)?\.?\s*)?([IVXivx]+|\d{1,2})", raw.strip(), flags=re.IGNORECASE)
    if match:
        token = match.group(1).upper()
        token = _PPPK_NUMBERS.get(token, token)
        if token in RANKS:
            return token
    raise CellError(ERR_RANK % {"value": raw})


_MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "maret": 3, "apr": 4, "april": 4, "mei": 5,
    "may": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "agu": 8, "agt": 8, "agustus": 8, "aug": 8, "sep": 9,
    "september": 9, "okt": 10, "oktober": 10, "oct": 10, "nov": 11, "november": 11, "des": 12, "desember": 12,
    "dec": 12,
}
ERR_DATE = _("Tanggal '%(value)s' tidak bisa dibaca. Gunakan format HH-BB-TTTT, mis. 26-09-1986.")
ERR_NO_SUCH_DATE = _("Tanggal '%(value)s' tidak ada di kalender (mis. 31 Februari). Periksa tanggal dan bulannya.")


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if raw is None or raw in ("-", "—"):
        return None
    raw = raw.split(" 00:00")[0].strip()
    parts = None  # (year, month, day) once the layout is recognised
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw):
        parts = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", raw):
        parts = int(m[3]), int(m[2]), int(m[1])
    elif (m := re.fullmatch(r"(\d{1,2})[\s\-]+([A-Za-z]+)[\s\-]+(\d{4})", raw)) and _MONTHS.get(m[2].lower()):
        parts = int(m[3]), _MONTHS[m[2].lower()], int(m[1])
    elif m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw):
        parts = int(m[1]), int(m[2]), int(m[3])
    if parts is None:
        raise CellError(ERR_DATE % {"value": raw})
    try:
        return dt.date(*parts)
    except ValueError:
        # The layout is right but the day is not in the calendar (31-02-1990): say so, not "wrong format".
        raise CellError(ERR_NO_SUCH_DATE % {"value": raw}) from None


_TRUE = {"ya", "y", "yes", "true", "1", "aktif", "ada", "benar", "x", "v"}
_FALSE = {"tidak", "t", "tdk", "no", "n", "false", "0", "nonaktif", "tidakaktif", "tidakada", "salah", "-"}
ERR_BOOL = _("Nilai '%(value)s' tidak dikenal: isi Ya atau Tidak.")


def parse_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    raw = text(value)
    if raw is None:
        return None
    key = _key(raw)
    if key in _TRUE:
        return True
    if key in _FALSE or raw in ("-", "—"):
        return False
    raise CellError(ERR_BOOL % {"value": raw})


def parse_title(value) -> str | None:
    raw = text(value)
    return raw if raw and raw not in ("-", "—") else None


#: Front titles (gelar depan) as SIMPEG writes them before a name: academic, professional and religious.
_FRONT_TITLE = re.compile(r"^((?:Prof|Dr|Drs|Dra|Ir|H|Hj|dr|drg|Ns|apt|KH|R|Rr)\.\s*)+", flags=re.IGNORECASE)


def split_titles(name: str) -> tuple[str, str, str]:
    """``"Drs. H. Budi Santoso, M.Si., M.M."`` → ``("Drs. H.", "Budi Santoso", "M.Si., M.M.")``.

    Back titles follow the first comma; front titles are the known abbreviations with a dot before the name."""
    front = ""
    if match := _FRONT_TITLE.match(name):
        front = " ".join(match.group(0).split())
        name = name[match.end():]
    back = ""
    if "," in name:
        name, back = name.split(",", 1)
        back = back.strip()
    return front, name.strip(), back


_LEVEL_IN_TITLE = [
    (re.compile(r"\bahli\s+pertama\b", re.IGNORECASE), PositionLevel.AHLI_PERTAMA),
    (re.compile(r"\bahli\s+muda\b", re.IGNORECASE), PositionLevel.AHLI_MUDA),
    (re.compile(r"\bahli\s+madya\b", re.IGNORECASE), PositionLevel.AHLI_MADYA),
    (re.compile(r"\bahli\s+utama\b", re.IGNORECASE), PositionLevel.AHLI_UTAMA),
    (re.compile(r"\bpemula\b", re.IGNORECASE), PositionLevel.PEMULA),
    (re.compile(r"\bpenyelia\b", re.IGNORECASE), PositionLevel.PENYELIA),
    (re.compile(r"\bmahir\b", re.IGNORECASE), PositionLevel.MAHIR),
    (re.compile(r"\bterampil\b", re.IGNORECASE), PositionLevel.TERAMPIL),
]


def level_from_position(position: str | None) -> str | None:
    """The jenjang a functional job title names: "Pranata Komputer Ahli Muda" → Ahli Muda."""
    for pattern, level in _LEVEL_IN_TITLE:
        if position and pattern.search(position):
            return level
    return None


def parse_email(value) -> str | None:
    raw = text(value)
    return raw.lower() if raw and raw not in ("-", "—") else None


def parse_code(value) -> str | None:
    raw = text(value)
    return raw.upper() if raw and raw not in ("-", "—") else None


# --- the columns --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str                 # canonical header, as in the template
    field: str               # Employee field it fills ("unit"/"superior" are resolved by the planner)
    parser: Callable
    description: str
    example: object
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = field(default=())

    @property
    def names(self) -> set[str]:
        return {self.key, *self.aliases}


COLUMNS: list[Column] = [
    Column("NIP", "nip", parse_nip, _("NIP (PNS) atau NI PPPK, 18 digit; spasi boleh."), "198609262015051001",
           ("NIP_BARU", "NIPBARU", "NIP_18", "NI_PPPK", "NIP_PPPK", "NOMOR_INDUK_PEGAWAI"), required=True),
    Column("NAMA", "name", parse_name,
           _("Nama tanpa gelar; gelar yang tertulis di nama (Drs. …, M.Si.) dipisahkan otomatis."), "Budi Santoso",
           ("NAMA_LENGKAP", "NAMA_PEGAWAI", "NAMA_ASN"), required=True),
    Column("GELAR_DEPAN", "gelar_depan", parse_title, _("Gelar depan, mis. Drs. atau dr. (boleh kosong)."), "",
           ("GELAR_DEPAN_NAMA", "GLR_DEPAN", "GELARDEPAN")),
    Column("GELAR_BELAKANG", "gelar_belakang", parse_title, _("Gelar belakang, mis. S.Kom., M.Si. (boleh kosong)."),
           "S.Kom.", ("GELAR_BELAKANG_NAMA", "GLR_BELAKANG", "GELARBELAKANG")),
    Column("JENIS_PEGAWAI", "employee_type", parse_employee_type, _("PNS atau PPPK (kosong: PNS)."), "PNS",
           ("STATUS_PEGAWAI", "JENIS_ASN", "STATUS_ASN", "KEDUDUKAN_PEGAWAI"), choices=("PNS", "PPPK")),
    Column("JENIS_KELAMIN", "sex", parse_sex, _("L atau P (kosong: diambil dari NIP)."), "L",
           ("JK", "KELAMIN", "GENDER", "SEX"), choices=("L", "P")),
    Column("TANGGAL_LAHIR", "birth_date", parse_date, _("HH-BB-TTTT (kosong: diambil dari NIP)."),
           dt.date(1986, 9, 26), ("TGL_LAHIR", "TGL_LHR", "TANGGAL_LHR", "TGLLAHIR")),
    Column("GOLONGAN", "rank", parse_rank, _("Golongan/ruang PNS (III/a) atau golongan PPPK (IX)."), "III/b",
           ("GOL", "GOL_RUANG", "GOLONGAN_RUANG", "PANGKAT_GOLONGAN", "GOL_AKHIR", "GOLONGAN_AKHIR")),
    Column("JENIS_JABATAN", "position_type", parse_position_type,
           _("JPT Pratama, Administrator, Pengawas, Pelaksana, Fungsional keahlian, Fungsional keterampilan."),
           "Fungsional keahlian", ("JENIS_JAB", "JNS_JABATAN"), required=True,
           choices=tuple(_file_label(label) for _v, label in PositionType.choices)),
    Column("JENJANG_JABATAN", "position_level", parse_position_level,
           _("Untuk fungsional: Ahli Pertama … Ahli Utama, Pemula … Penyelia; selain itu kosong."), "Ahli Pertama",
           ("JENJANG", "JENJANG_JAB"), choices=tuple(_file_label(label) for _v, label in PositionLevel.choices)),
    Column("NAMA_JABATAN", "position", parse_name, _("Nama jabatan."), "Pranata Komputer Ahli Pertama",
           ("JABATAN", "NAMA_JAB", "JABATAN_NAMA"), required=True),
    Column("KODE_UNIT", "unit", parse_code,
           _("Kode sub-unit (bagian/bidang/UPT/kelurahan) di perangkat daerah ini; kosong bila langsung di bawah "
             "kepala."), "APTIKA", ("KODE_SUB_UNIT", "KODE_UNOR", "UNIT_KODE", "KODE_UNIT_KERJA", "SUB_UNIT")),
    Column("UNIT_KERJA", "unit_name", parse_name,
           _("Nama sub-unit seperti di SIMPEG/SIASN (dipakai bila KODE_UNIT kosong); nama yang mirip ditampilkan "
             "untuk dikonfirmasi di pratinjau."), "Bidang Aplikasi Informatika",
           ("UNOR", "NAMA_UNOR", "UNIT_ORGANISASI", "NAMA_UNIT", "NAMA_UNIT_KERJA", "SATUAN_KERJA", "UNOR_NAMA")),
    Column("NIP_ATASAN", "superior", parse_nip,
           _("NIP atasan langsung: pegawai di file ini atau yang sudah ada di portal."), "197501012000031002",
           ("NIP_ATASAN_LANGSUNG", "ATASAN_NIP", "NIPATASAN", "NIP_ATASAN_LGS")),
    Column("EMAIL", "email", parse_email, _("Alamat e-mail dinas."), "budi.santoso@instansi.go.id",
           ("E_MAIL", "ALAMAT_EMAIL", "EMAIL_KANTOR", "EMAIL_DINAS", "SUREL")),
    Column("PREDIKAT_SKP", "skp_predikat", parse_skp,
           _("Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang."), "Baik",
           ("SKP", "PREDIKAT_KINERJA", "PREDIKAT_SKP_TERAKHIR", "PREDIKAT"),
           choices=tuple(_file_label(label) for _v, label in SkpPredikat.choices)),
    Column("HUKUMAN_DISIPLIN", "disciplinary_penalty", parse_bool,
           _("Ya bila sedang menjalani hukuman disiplin, selain itu Tidak."), "Tidak",
           ("HUKDIS", "SEDANG_HUKDIS", "HUKUMAN", "STATUS_HUKDIS"), choices=("Ya", "Tidak")),
    Column("TANGGAL_HUKUMAN_DISIPLIN", "last_penalty_date", parse_date,
           _("Tanggal hukuman disiplin terakhir (boleh kosong)."), None,
           ("TGL_HUKDIS", "TANGGAL_HUKDIS", "TMT_HUKDIS")),
    Column("AKTIF", "is_active", parse_bool, _("Ya atau Tidak (kosong: Ya)."), "Ya",
           ("STATUS_AKTIF", "IS_ACTIVE", "AKTIF_BEKERJA"), choices=("Ya", "Tidak")),
]

BY_NAME: dict[str, Column] = {name: col for col in COLUMNS for name in col.names}
REQUIRED = [c for c in COLUMNS if c.required]
#: Model fields an import may set, and the column that fills each (for error messages).
FIELD_COLUMN = {c.field: c for c in COLUMNS}

#: Defaults for a new employee when the file has no column (or an empty cell) for a field.
CREATE_DEFAULTS = {
    "employee_type": Employee.Type.PNS, "rank": "", "position_level": "", "email": "", "skp_predikat": "",
    "gelar_depan": "", "gelar_belakang": "",
    "disciplinary_penalty": False, "last_penalty_date": None, "is_active": True,
}
