"""Turning a read table into a plan: per row, create / update / unchanged / error, with every error found.

The same planner runs for the preview and again just before writing (the database may have changed in
between), so what is written is always checked against the current data. Messages come from the NIP rules and
``Employee.clean()``, so they read exactly as on the employee form. A fixed number of queries, whatever the size
of the file (lookups are chunked).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Agency, Employee, PositionLevel, PositionType, User
from ..nip import ERR_FORMAT, nip_errors
from ..nip import parse_nip as parse_nip_info
from ..permissions import can_set_superior
from .columns import (
    BY_NAME,
    CREATE_DEFAULTS,
    FIELD_COLUMN,
    REQUIRED,
    CellError,
    level_from_position,
    normalize_header,
    split_titles,
)
from .reader import FileProblem, Table
from .units import UnitMatcher

CHUNK = 2000
PROGRESS_EVERY = 1000

#: Fields compared to decide whether an existing employee changes (``agency`` and ``nip`` never do).
COMPARED_FIELDS = [
    "name", "gelar_depan", "gelar_belakang", "employee_type", "sex", "birth_date", "appointment_date", "rank",
    "position_type", "position_level",
    "position", "unit", "superior", "email", "is_active", "skp_predikat", "disciplinary_penalty", "last_penalty_date",
]
_ATTNAMES = {"unit": "unit_id", "superior": "superior_id"}
_FUNCTIONAL = {"fungsional", PositionType.FUNGSIONAL_KEAHLIAN, PositionType.FUNGSIONAL_KETERAMPILAN}
_KEAHLIAN = {PositionLevel.AHLI_PERTAMA, PositionLevel.AHLI_MUDA, PositionLevel.AHLI_MADYA, PositionLevel.AHLI_UTAMA}

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


def _messages():
    # Built at call time so they follow the active language.
    return {
        "missing_headers": _("Kolom wajib tidak ada: %(columns)s. Gunakan templat impor atau ganti judul kolomnya."),
        "duplicate_header": _("Kolom %(column)s muncul dua kali (juga sebagai \"%(other)s\"). Hapus salah satunya."),
        "required": _("%(column)s wajib diisi."),
        "required_new": _("%(column)s wajib diisi untuk pegawai baru."),
        "dup_nip": _("NIP ini muncul lebih dari sekali di file (baris %(rows)s). Sisakan satu baris per pegawai."),
        "other_agency": _("NIP ini sudah terdaftar di perangkat daerah lain. Perpindahan antar-perangkat daerah "
                          "dicatat oleh BKPSDM/administrator, tidak lewat impor."),
        "unit": _("Sub-unit dengan kode %(code)s tidak ada di %(agency)s. Kode yang tersedia: %(codes)s."),
        "unit_none": _("Sub-unit dengan kode %(code)s tidak ada: %(agency)s belum mempunyai sub-unit di portal."),
        "superior_format": _("NIP atasan harus terdiri dari 18 digit angka."),
        "superior_self": _("Pegawai tidak bisa menjadi atasan dirinya sendiri."),
        "superior_missing": _("Atasan dengan NIP %(nip)s tidak ditemukan, baik di file ini maupun di perangkat daerah "
                              "Anda. Atasan dari perangkat daerah lain ditetapkan oleh Tim RB atau administrator."),
        "superior_bad_row": _("Atasan dengan NIP %(nip)s ada di baris %(row)s yang bermasalah dan belum terdaftar di "
                              "portal. Perbaiki baris %(row)s dulu."),
        "superior_cycle": _("Rantai atasan melingkar (baris %(rows)s): salah satu pegawai harus punya atasan lain."),
        "fungsional": _("Jenis jabatan Fungsional perlu jenjang jabatan (Ahli … atau Pemula … Penyelia) untuk "
                        "menentukan keahlian atau keterampilan: isi JENJANG_JABATAN atau tulis jenjangnya di nama "
                        "jabatan (mis. \"Pranata Komputer Ahli Muda\")."),
        "unit_name": _("Unit kerja '%(value)s' tidak cocok dengan sub-unit mana pun di %(agency)s. Sub-unit yang ada: "
                       "%(names)s."),
        "unit_name_none": _("Unit kerja '%(value)s' tidak bisa dipetakan: %(agency)s belum mempunyai sub-unit di "
                            "portal."),
        "fuzzy_notice": _("%(n)d nama unit kerja hanya mirip dengan nama sub-unit di portal. Periksa kolom \"Unit "
                          "kerja (dicocokkan)\" di pratinjau sebelum menerapkan impor."),
    }


@dataclass
class RowPlan:
    row: int
    nip: str = ""
    name: str = ""
    action: str = ""
    values: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column as written in the file, message)
    instance: Employee | None = None
    superior_nip: str | None = None
    unit_name: str | None = None          # the UNIT KERJA text, mapped to a sub-unit in build()
    unit_match: dict | None = None        # a fuzzy match of it, shown in the preview for confirmation
    superior_row: RowPlan | None = None  # the superior is created by this import
    superior_id: int | None = None       # the superior already exists
    changes: list[dict] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    snapshot: dict = field(default_factory=dict)  # the existing employee's values before the import

    def error(self, column: str, message) -> None:
        entry = (column, str(message))
        if entry not in self.errors:
            self.errors.append(entry)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Plan:
    agency: Agency
    rows: list[RowPlan]
    notices: list[str]

    def of(self, action: str) -> list[RowPlan]:
        return [r for r in self.rows if r.action == action]

    @property
    def counts(self) -> dict[str, int]:
        counts = {CREATE: 0, UPDATE: 0, UNCHANGED: 0, ERROR: 0}
        for r in self.rows:
            counts[r.action] += 1
        return counts

    def preview_json(self) -> list[dict]:
        return [{"row": r.row, "nip": r.nip, "name": r.name, "action": r.action, "changes": r.changes,
                 **({"unit_match": r.unit_match} if r.unit_match else {})}
                for r in self.rows]

    def errors_json(self) -> list[dict]:
        return [{"row": r.row, "nip": r.nip, "column": column, "message": message}
                for r in self.rows for column, message in r.errors]


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _display(field_name: str, value, *, units: dict[int, Agency], nips: dict[int, str]) -> str:
    if value in (None, ""):
        return "—"
    if field_name == "unit":
        unit = units.get(value)
        return unit.code.split("-", 1)[-1] if unit else str(value)
    if field_name == "superior":
        return nips.get(value, str(value)) if isinstance(value, int) else str(value)
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    model_field = Employee._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


class Planner:
    def __init__(self, table: Table, agency: Agency, progress: Callable[[int, int], None] | None = None, *,
                 by: User | None = None):
        self.table = table
        self.agency = agency
        self.by = by
        self.progress = progress
        self.msg = _messages()
        self.index: dict[str, int] = {}   # column key -> cell index
        self.header: dict[str, str] = {}  # column key -> header as written
        self.notices: list[str] = []

    # -- columns ---------------------------------------------------------------------------------------------
    def map_columns(self) -> None:
        unknown = []
        for i, written in enumerate(self.table.headers):
            column = BY_NAME.get(normalize_header(written))
            if not normalize_header(written):
                continue
            if column is None:
                unknown.append(written)
                continue
            if column.key in self.index:
                raise FileProblem(self.msg["duplicate_header"] % {"column": written, "other": self.header[column.key]})
            self.index[column.key] = i
            self.header[column.key] = written
        missing = [c.key for c in REQUIRED if c.key not in self.index]
        if missing:
            raise FileProblem(self.msg["missing_headers"] % {"columns": ", ".join(missing)})
        if unknown:
            self.notices.append(_("Kolom yang tidak dikenal dan diabaikan: %(columns)s.") % {"columns": ", ".join(unknown)})
        absent = [c.key for c in BY_NAME.values() if c.key not in self.index]
        if absent:
            self.notices.append(
                _("Kolom yang tidak ada di file (data pegawai yang sudah ada tidak diubah untuk kolom ini): %(columns)s.")
                % {"columns": ", ".join(dict.fromkeys(absent))}
            )

    def col(self, field_name: str) -> str:
        """The header (as written in the file) of the column that fills ``field_name``."""
        column = FIELD_COLUMN.get(field_name)
        if column and column.key in self.header:
            return self.header[column.key]
        if field_name in ("appointment_date", "sex", "birth_date"):
            return self.header["NIP"]
        return column.key if column else field_name

    # -- the plan --------------------------------------------------------------------------------------------
    def run(self) -> Plan:
        self.map_columns()
        rows = [self.parse_row(number, cells) for number, cells in self.table.rows]
        self.mark_duplicates(rows)
        existing, known_ids = self.lookup(rows)
        self.units = {u.pk: u for u in Agency.objects.filter(parent=self.agency).order_by("code")}
        self.unit_by_code = {}
        for unit in self.units.values():
            self.unit_by_code[unit.code.upper()] = unit
            self.unit_by_code.setdefault(unit.code.upper().removeprefix(f"{self.agency.code.upper()}-"), unit)
        self.unit_matcher = UnitMatcher(self.units.values())
        total = len(rows)
        for done, r in enumerate(rows, start=1):
            # Every row is checked in full, whatever its cell errors: the operator sees all its problems at once.
            if r.nip:
                self.build(r, existing.get(r.nip))
            if self.progress and (done % PROGRESS_EVERY == 0 or done == total):
                self.progress(done, total)
        self.resolve_superiors(rows, known_ids)
        self.diff(rows, existing)
        fuzzy = sum(1 for r in rows if r.unit_match and r.ok)
        if fuzzy:
            self.notices.append(self.msg["fuzzy_notice"] % {"n": fuzzy})
        return Plan(agency=self.agency, rows=rows, notices=self.notices)

    def parse_row(self, number: int, cells: list) -> RowPlan:
        r = RowPlan(row=number)
        for key, i in self.index.items():
            column = BY_NAME[key]
            try:
                r.values[column.field] = column.parser(cells[i])
            except CellError as exc:
                r.error(self.header[key], exc.message)
        r.unit_name = r.values.pop("unit_name", None)
        if r.values.get("name"):
            front, bare, back = split_titles(r.values["name"])
            r.values["name"] = bare
            # Titles in their own columns win over titles written into the name.
            if front and not r.values.get("gelar_depan"):
                r.values["gelar_depan"] = front
            if back and not r.values.get("gelar_belakang"):
                r.values["gelar_belakang"] = back
        r.nip = r.values.get("nip") or ""
        r.name = r.values.get("name") or ""
        if not r.nip and "nip" in r.values:
            r.error(self.header["NIP"], self.msg["required"] % {"column": self.header["NIP"]})
        if r.nip and not (len(r.nip) == 18 and r.nip.isdigit()):
            r.error(self.header["NIP"], ERR_FORMAT)  # the other NIP rules depend on the type: checked in build()
        sup = r.values.pop("superior", None)
        if sup:
            if len(sup) != 18 or not sup.isdigit():
                r.error(self.header["NIP_ATASAN"], self.msg["superior_format"])
            elif sup == r.nip:
                r.error(self.header["NIP_ATASAN"], self.msg["superior_self"])
            else:
                r.superior_nip = sup
        return r

    def mark_duplicates(self, rows: list[RowPlan]) -> None:
        by_nip: dict[str, list[RowPlan]] = defaultdict(list)
        for r in rows:
            if r.nip:
                by_nip[r.nip].append(r)
        for group in by_nip.values():
            if len(group) > 1:
                numbers = ", ".join(str(r.row) for r in group)
                for r in group:
                    r.error(self.header["NIP"], self.msg["dup_nip"] % {"rows": numbers})
        self.file_rows = {nip: group[0] for nip, group in by_nip.items() if len(group) == 1}

    def lookup(self, rows: list[RowPlan]) -> tuple[dict[str, Employee], dict[str, int]]:
        nips = [r.nip for r in rows if r.nip and len(r.nip) == 18]
        existing: dict[str, Employee] = {}
        for chunk in _chunks(nips):
            for e in Employee.objects.filter(nip__in=chunk).select_related("agency", "unit"):
                existing[e.nip] = e
        known_ids = {nip: e.pk for nip, e in existing.items()}
        self.superior_agency = {e.pk: e.agency_id for e in existing.values()}
        superiors = sorted({r.superior_nip for r in rows if r.superior_nip} - set(known_ids))
        for chunk in _chunks(superiors):
            for nip, pk, agency_id in Employee.objects.filter(nip__in=chunk).values_list("nip", "pk", "agency_id"):
                known_ids[nip] = pk
                self.superior_agency[pk] = agency_id
        return existing, known_ids

    def build(self, r: RowPlan, current: Employee | None) -> None:
        """Apply the row's values to the existing employee (or a new one) and validate like the form does."""
        values = r.values
        if current is not None and current.agency_id != self.agency.pk:
            r.error(self.header["NIP"], self.msg["other_agency"])
            return
        if current is None:
            refused_columns = {col for col, _m in r.errors}
            for column in REQUIRED:
                if (values.get(column.field) is None and column.key != "NIP"
                        and self.header[column.key] not in refused_columns):
                    r.error(self.header[column.key], self.msg["required_new"] % {"column": self.header[column.key]})
            employee = Employee(agency=self.agency, **CREATE_DEFAULTS)
        else:
            employee = current
            r.snapshot = {f: getattr(current, _ATTNAMES.get(f, f)) for f in COMPARED_FIELDS}
        for name, value in values.items():
            if name == "unit" or value is None:
                continue  # an empty cell keeps the current value (or the default for a new employee)
            setattr(employee, name, value)
        if values.get("position_level") is None and employee.position_type in _FUNCTIONAL:
            # SIMPEG and SIASN write the jenjang into the job title ("Pranata Komputer Ahli Muda").
            employee.position_level = level_from_position(employee.position) or employee.position_level
        if employee.position_type == "fungsional":
            level = employee.position_level
            if level in _KEAHLIAN:
                employee.position_type = PositionType.FUNGSIONAL_KEAHLIAN
            elif level:
                employee.position_type = PositionType.FUNGSIONAL_KETERAMPILAN
            else:
                r.error(self.header["JENIS_JABATAN"], self.msg["fungsional"])
        if values.get("unit"):
            unit = self.unit_by_code.get(values["unit"])
            if unit is None:
                codes = sorted({u.code.split("-", 1)[-1] for u in self.units.values()})
                key = "unit" if codes else "unit_none"
                r.error(self.header["KODE_UNIT"], self.msg[key] % {
                    "code": values["unit"], "agency": self.agency.display_name, "codes": ", ".join(codes)})
            else:
                employee.unit = unit
        elif r.unit_name:
            self.map_unit_name(r, employee)
        nip_problems = nip_errors(r.nip, employee.employee_type)
        for message in nip_problems:
            r.error(self.header["NIP"], message)
        r.instance = employee
        if nip_problems:
            return  # the NIP-based checks below would only repeat the NIP's problems
        info = parse_nip_info(r.nip)
        if employee.sex in ("", None):
            employee.sex = info.sex
        if employee.birth_date is None:
            employee.birth_date = info.birth_date
        # Fields whose cell was already refused are not checked again (their message is in the list).
        refused = {name for name, column in FIELD_COLUMN.items() if column.key in self.header
                   and any(col == self.header[column.key] for col, _m in r.errors)}
        exclude = ["agency", "unit", "superior", "nip", *refused]
        for check in (lambda: employee.clean_fields(exclude=exclude), employee.clean):
            try:
                check()
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    if name in refused:
                        continue
                    for message in messages:
                        r.error(self.col(name), message)

    def map_unit_name(self, r: RowPlan, employee: Employee) -> None:
        header = self.header.get("UNIT_KERJA", "UNIT_KERJA")
        match = self.unit_matcher.match(r.unit_name)
        if match is None:
            names = self.unit_matcher.names()
            key = "unit_name" if names else "unit_name_none"
            r.error(header, self.msg[key] % {"value": r.unit_name, "agency": self.agency.display_name,
                                             "names": ", ".join(names)})
            return
        unit, exact = match
        employee.unit = unit
        if not exact:
            r.unit_match = {"written": r.unit_name, "unit": unit.name}

    def resolve_superiors(self, rows: list[RowPlan], known_ids: dict[str, int]) -> None:
        header = self.header.get("NIP_ATASAN", "NIP_ATASAN")
        pending = [r for r in rows if r.ok and r.superior_nip]
        for r in pending:
            target = self.file_rows.get(r.superior_nip)
            if r.superior_nip in known_ids and not self._may_link(r, known_ids[r.superior_nip]):
                # Outside the importer's scope: the same answer as an unknown NIP (nothing about where it is).
                r.error(header, self.msg["superior_missing"] % {"nip": r.superior_nip})
            elif r.superior_nip in known_ids:
                r.superior_id = known_ids[r.superior_nip]
            elif target is not None:
                r.superior_row = target
            else:
                r.error(header, self.msg["superior_missing"] % {"nip": r.superior_nip})
        self.break_cycles([r for r in pending if r.ok and r.superior_row], header)
        # A row whose superior is a new employee on a faulty row fails too; repeat until nothing changes.
        changed = True
        while changed:
            changed = False
            for r in pending:
                if r.ok and r.superior_row is not None and not r.superior_row.ok:
                    r.error(header, self.msg["superior_bad_row"] % {"nip": r.superior_nip, "row": r.superior_row.row})
                    changed = True

    def _may_link(self, r: RowPlan, superior_id: int) -> bool:
        if self.by is None:  # a command-line import by the system
            return True
        superior = Employee(pk=superior_id, agency_id=self.superior_agency.get(superior_id))
        current = r.snapshot.get("superior") if r.snapshot else None
        return can_set_superior(self.by, superior, current_superior_id=current)

    def break_cycles(self, linked: list[RowPlan], header: str) -> None:
        """New employees must be written superiors first; a loop among them cannot be written."""
        state: dict[int, int] = {}  # id(row) -> 1 visiting, 2 done
        for start in linked:
            path = []
            r = start
            while r is not None and r.superior_row is not None and state.get(id(r)) is None:
                state[id(r)] = 1
                path.append(r)
                r = r.superior_row
            if r is not None and state.get(id(r)) == 1:
                cycle = path[path.index(r):]
                numbers = " → ".join(str(x.row) for x in [*cycle, cycle[0]])
                for x in cycle:
                    x.error(header, self.msg["superior_cycle"] % {"rows": numbers})
            for x in path:
                state[id(x)] = 2

    def diff(self, rows: list[RowPlan], existing: dict[str, Employee]) -> None:
        old_superiors = set()
        for r in rows:
            if not r.ok:
                r.action = ERROR
                continue
            employee = r.instance
            if r.superior_id is not None:
                employee.superior_id = r.superior_id
            if r.nip not in existing:
                r.action = CREATE
                continue
            if r.superior_row is not None:
                employee.superior_id = None  # set at write time, once the new superior has an id
            for name in COMPARED_FIELDS:
                old = r.snapshot[name]
                new = getattr(employee, _ATTNAMES.get(name, name))
                if name == "superior" and r.superior_row is not None:
                    new = r.superior_row.nip
                if old != new:
                    r.changed_fields.add(name)
                    r.changes.append({"field": name, "old": old, "new": new})
                    if name == "superior" and old:
                        old_superiors.add(old)
            r.action = UPDATE if r.changed_fields else UNCHANGED
        nips = dict(Employee.objects.filter(pk__in=old_superiors).values_list("pk", "nip")) if old_superiors else {}
        for r in rows:
            if r.superior_id is not None:
                nips.setdefault(r.superior_id, r.superior_nip)
        for r in rows:
            for change in r.changes:
                name = change["field"]
                change["label"] = str(Employee._meta.get_field(name).verbose_name)
                change["old"] = _display(name, change["old"], units=self.units, nips=nips)
                change["new"] = _display(name, change["new"], units=self.units, nips=nips)


def plan_import(table: Table, agency: Agency, progress=None, *, by: User | None = None) -> Plan:
    return Planner(table, agency, progress, by=by).run()
