"""Mapping the UNIT KERJA text of an SIMPEG/SIASN export to one of the agency's sub-units.

An exact match of the normalised name, abbreviation or code wins; failing that, the closest name above a similarity
cutoff (difflib) is proposed and shown in the preview for the operator to confirm. Exports often write the whole
path ("Bidang Aplikasi Informatika - Dinas Komunikasi dan Informatika"), so each part is tried too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from ..models import Agency

FUZZY_CUTOFF = 0.8
_ABBREVIATIONS = [
    (r"\bsubbag\b", "sub bagian"), (r"\bsub bag\b", "sub bagian"), (r"\bbid\b", "bidang"), (r"\bbag\b", "bagian"),
    (r"\bkel\b", "kelurahan"), (r"\bkec\b", "kecamatan"), (r"\bsekre\b", "sekretariat"), (r"\bsie\b", "seksi"),
]


def normalise(value: str) -> str:
    value = re.sub(r"[^a-z0-9]+", " ", value.lower().replace("&", " dan ")).strip()
    for pattern, full in _ABBREVIATIONS:
        value = re.sub(pattern, full, value)
    return " ".join(value.split())


class UnitMatcher:
    def __init__(self, units: Iterable[Agency]):
        self.units = list(units)
        self.index: dict[str, Agency] = {}
        for unit in self.units:
            for key in (unit.name, unit.abbreviation, unit.code.split("-", 1)[-1]):
                if key:
                    self.index.setdefault(normalise(key), unit)

    def names(self) -> list[str]:
        return sorted(u.name for u in self.units)

    def match(self, written: str) -> tuple[Agency, bool] | None:
        """(unit, exact) or None."""
        parts = [written, *re.split(r"\s+-\s+|,|/|;", written)]
        keys = [normalise(p) for p in parts if normalise(p)]
        for key in keys:
            if key in self.index:
                return self.index[key], True
        best, best_score = None, 0.0
        for key in keys:
            for candidate in difflib.get_close_matches(key, self.index, n=1, cutoff=FUZZY_CUTOFF):
                score = difflib.SequenceMatcher(None, key, candidate).ratio()
                if score > best_score:
                    best, best_score = self.index[candidate], score
        return (best, False) if best is not None else None
