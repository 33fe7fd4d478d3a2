"""NIP (Nomor Induk Pegawai, Perka BKN 22/2007) and NI PPPK: parsing, validation and display.

Layout of the 18 digits: YYYYMMDD (birth date) YYYYMM (first appointment, CPNS) G (sex: 1 male, 2 female)
NNN (sequence). NI PPPK has the same length but its month position holds other codes, so the month rule is
not applied to PPPK. There is no checksum.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PNS = "PNS"
PPPK = "PPPK"

ERR_FORMAT = _("NIP harus terdiri dari 18 digit angka.")
ERR_BIRTH_DATE = _("Digit 1–8 NIP harus tanggal lahir yang nyata (TTTTBBHH).")
ERR_BIRTH_FUTURE = _("Tanggal lahir pada NIP tidak boleh di masa depan.")
ERR_APPOINTMENT_YEAR = _("Tahun pengangkatan pada NIP (digit 9–12) harus paling cepat tahun lahir + 18.")
ERR_APPOINTMENT_FUTURE = _("Tahun/bulan pengangkatan pada NIP (digit 9–14) tidak boleh di masa depan.")
ERR_APPOINTMENT_MONTH = _("Bulan pengangkatan pada NIP (digit 13–14) harus 01–12.")
ERR_SEX = _("Digit ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan).")
ERR_SEQUENCE = _("Nomor urut pada NIP (digit 16–18) tidak boleh 000.")

_DIGITS = re.compile(r"^\d{18}$")


@dataclass(frozen=True)
class NipInfo:
    birth_date: dt.date
    appointment_year: int
    appointment_month: int
    sex: str  # "L" or "P"
    sequence: int

    @property
    def appointment_date(self) -> dt.date | None:
        if 1 <= self.appointment_month <= 12:
            return dt.date(self.appointment_year, self.appointment_month, 1)
        return None


def normalize_nip(value: str) -> str:
    """Remove the spaces and dots people type or paste (``19860926 201505 1 001``)."""
    return re.sub(r"[\s.\-]", "", str(value or ""))


def format_nip(value: str) -> str:
    nip = normalize_nip(value)
    if not _DIGITS.match(nip):
        return value
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def nip_errors(value: str, employee_type: str = PNS, today: dt.date | None = None) -> list[str]:
    """Every rule the NIP breaks, each with its own message (empty list: valid)."""
    today = today or timezone.localdate()  # the date in Jakarta, not the server's (UTC until 07:00 WIB)
    nip = normalize_nip(value)
    if not _DIGITS.match(nip):
        return [str(ERR_FORMAT)]
    errors: list[str] = []
    birth = None
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        errors.append(str(ERR_BIRTH_DATE))
    if birth and birth > today:
        errors.append(str(ERR_BIRTH_FUTURE))
    year, month = int(nip[8:12]), int(nip[12:14])
    if birth and year < birth.year + 18:
        errors.append(str(ERR_APPOINTMENT_YEAR))
    if employee_type != PPPK:
        if not 1 <= month <= 12:
            errors.append(str(ERR_APPOINTMENT_MONTH))
        elif (year, month) > (today.year, today.month):
            errors.append(str(ERR_APPOINTMENT_FUTURE))
    elif year > today.year:
        errors.append(str(ERR_APPOINTMENT_FUTURE))
    if nip[14] not in "12":
        errors.append(str(ERR_SEX))
    if nip[15:] == "000":
        errors.append(str(ERR_SEQUENCE))
    return errors


def parse_nip(value: str) -> NipInfo:
    """Parse a NIP that passed :func:`nip_errors` (raises ValueError otherwise)."""
    nip = normalize_nip(value)
    return NipInfo(
        birth_date=dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8])),
        appointment_year=int(nip[8:12]),
        appointment_month=int(nip[12:14]),
        sex="L" if nip[14] == "1" else "P",
        sequence=int(nip[15:]),
    )


def build_nip(birth_date: dt.date, appointment: tuple[int, int], sex: str, sequence: int = 1) -> str:
    return f"{birth_date:%Y%m%d}{appointment[0]:04d}{appointment[1]:02d}{'1' if sex == 'L' else '2'}{sequence:03d}"
