"""Synthetic demo organisation: every Kota Bandung perangkat daerah, sub-units, employees and demo accounts.

Deterministic for a given seed, idempotent (an agency that already has employees is left alone), and fast:
employees are written with bulk_create, level by level, so superiors already have primary keys.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from . import demo_data as data
from .models import ActingHead, Agency, Employee, Institution, Role, RoleAssignment, SkpPredikat, User
from .nip import build_nip

TODAY = dt.date(2026, 11, 28)
PNS_STAFF_RANKS = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d"]
HEAD_RANKS = ["IV/b", "IV/c", "IV/d"]
MID_RANKS = ["III/d", "IV/a", "IV/b"]
SKP_WEIGHTS = [(SkpPredikat.SANGAT_BAIK, 15), (SkpPredikat.BAIK, 70), (SkpPredikat.BUTUH_PERBAIKAN, 10),
               (SkpPredikat.KURANG, 4), (SkpPredikat.SANGAT_KURANG, 1)]

# Demo accounts (ARCHITECTURE.md contract): username -> (role, agency code, which employee)
DEMO_ACCOUNTS = [
    ("admin", Role.ADMIN, None, None),
    ("tim.rb", Role.TIM_RB, None, ("SETDA", "ORG", "staff")),
    ("sekda", Role.PIMPINAN, None, ("SETDA", None, "head")),
    ("kepala.diskominfo", Role.KEPALA, "DISKOMINFO", ("DISKOMINFO", None, "head")),
    ("operator.diskominfo", Role.OPERATOR, "DISKOMINFO", ("DISKOMINFO", "SEKRE", "staff")),
    ("agen.diskominfo", Role.AGEN, "DISKOMINFO", ("DISKOMINFO", "APTIKA", "staff")),
    ("pegawai.diskominfo", None, "DISKOMINFO", ("DISKOMINFO", "APTIKA", "staff2")),
    ("kepala.dinkes", Role.KEPALA, "DINKES", ("DINKES", None, "head")),
    ("operator.dinkes", Role.OPERATOR, "DINKES", ("DINKES", "SEKRE", "staff")),
    ("agen.dinkes", Role.AGEN, "DINKES", ("DINKES", "KESMAS", "staff")),
]


# Every other top-level agency gets ``kepala.<code>`` (its head) and ``operator.<code>``, e.g. ``kepala.dishub`` …
# except where the head's post is held by an acting head: Dinas Perhubungan's head is recorded in the organisation
# data but has no account (on long leave); a Plt. is recorded with a letter number and acts through ``plt.dishub``.
ACTING_DEMO = {"DISHUB": ("plt.dishub", "800.1.3.3/045-BKPSDM")}
# The Sekretariat Daerah's head is the ``sekda`` account.
NO_KEPALA_ACCOUNT = {"SETDA", *ACTING_DEMO}


def agency_username(prefix: str, agency: Agency) -> str:
    return f"{prefix}.{agency.code.lower()}"


class NipFactory:
    """Valid, unique NIPs: bumps the sequence when the first 15 digits collide (as BKN does)."""

    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng = rng
        self.taken = taken

    def make(self, *, sex: str, age_range=(25, 58)) -> tuple[str, dt.date]:
        rng = self.rng
        age = rng.randint(*age_range)
        birth = dt.date(TODAY.year - age, rng.randint(1, 12), rng.randint(1, 28))
        earliest = birth.year + rng.randint(20, 30)
        year = min(earliest, TODAY.year - 1)
        month = rng.randint(1, 12)
        sequence = 1
        while True:
            nip = build_nip(birth, (year, month), sex, sequence)
            if nip not in self.taken:
                self.taken.add(nip)
                return nip, birth
            sequence += 1


def random_name(rng: random.Random, sex: str) -> str:
    first = rng.choice(data.MALE_FIRST if sex == "L" else data.FEMALE_FIRST)
    return f"{first} {rng.choice(data.LAST_NAMES)}"


def seed_agencies() -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    rows = [(code, name, abbr, kind) for code, name, abbr, kind, _w in data.AGENCIES]
    rows += [(f"KEC-{k.upper().replace(' ', '')}", f"Kecamatan {k}", f"Kec. {k}", "kecamatan") for k in data.KECAMATAN]
    existing = {a.code: a for a in Agency.objects.all()}
    new = [Agency(code=c, name=n, abbreviation=a, kind=k) for c, n, a, k in rows if c not in existing]
    Agency.objects.bulk_create(new)
    existing = {a.code: a for a in Agency.objects.all()}
    for code, *_rest in rows:
        agencies[code] = existing[code]
    subs = []
    for code in agencies:
        for sub_code, sub_name, kind in data.SUB_UNITS.get(code, data.DEFAULT_SUB_UNITS if not code.startswith("KEC-") else []):
            full = f"{code}-{sub_code}"
            if full not in existing:
                subs.append(Agency(code=full, name=sub_name, abbreviation="", kind=kind, parent=agencies[code]))
    Agency.objects.bulk_create(subs)
    return agencies


def _weights() -> dict[str, float]:
    w = {code: weight for code, _n, _a, _k, weight in data.AGENCIES}
    for k in data.KECAMATAN:
        w[f"KEC-{k.upper().replace(' ', '')}"] = data.KECAMATAN_WEIGHT
    return w


def _employee(rng, nips, *, agency, unit, superior, level, kind) -> Employee:
    sex = rng.choice("LP")
    if level == "head":
        nip, birth = nips.make(sex=sex, age_range=(45, 57))
        rank = rng.choice(HEAD_RANKS)
        position_type, position_level = ("administrator", "") if kind == "kecamatan" else ("jpt_pratama", "")
        title = {"setda": "Sekretaris Daerah", "kecamatan": "Camat"}.get(kind, f"Kepala {agency.name}")
    elif level == "mid":
        nip, birth = nips.make(sex=sex, age_range=(38, 55))
        rank = rng.choice(MID_RANKS)
        position_type, position_level = ("pengawas", "") if unit.kind == "kelurahan" else ("administrator", "")
        title = ("Lurah " + unit.name.removeprefix("Kelurahan ")) if unit.kind == "kelurahan" else f"Kepala {unit.name}"
    else:
        nip, birth = nips.make(sex=sex)
        rank = rng.choice(PNS_STAFF_RANKS)
        position_type, position_level, title = rng.choice(data.POSITIONS_STAFF)
    employee_type = Employee.Type.PNS
    if level == "staff" and rng.random() < 0.12:
        employee_type = Employee.Type.PPPK
        rank = rng.choice(["V", "VII", "IX"])
    skp = rng.choices([s for s, _ in SKP_WEIGHTS], weights=[w for _, w in SKP_WEIGHTS])[0]
    return Employee(
        nip=nip, name=random_name(rng, sex), employee_type=employee_type, sex=sex, birth_date=birth,
        appointment_date=dt.date(int(nip[8:12]), int(nip[12:14]), 1), rank=rank, position_type=position_type,
        position_level=position_level, position=title, agency=agency, unit=unit, superior=superior,
        email=f"{nip}@pegawai.bandung.go.id", skp_predikat=skp, disciplinary_penalty=rng.random() < 0.01,
    )


@transaction.atomic
def seed_employees(agencies: dict[str, Agency], *, total: int, rng: random.Random, stdout=None) -> int:
    weights = _weights()
    populated = set(Employee.objects.values_list("agency_id", flat=True).distinct())
    todo = [code for code in agencies if agencies[code].pk not in populated]
    if not todo:
        return 0
    weight_sum = sum(weights.values())
    nips = NipFactory(rng, set(Employee.objects.values_list("nip", flat=True)))
    units_by_agency: dict[int, list[Agency]] = {}
    for unit in Agency.objects.filter(parent__isnull=False).order_by("code"):
        units_by_agency.setdefault(unit.parent_id, []).append(unit)

    plan = []  # (agency, size)
    for code in todo:
        size = max(8, round(total * weights[code] / weight_sum))
        plan.append((agencies[code], size))

    heads = [_employee(rng, nips, agency=a, unit=None, superior=None, level="head", kind=a.kind) for a, _ in plan]
    Employee.objects.bulk_create(heads, batch_size=2000)
    head_of = {h.agency_id: h for h in heads}
    # Sekda is the superior of every kepala perangkat daerah.
    sekda = head_of.get(agencies["SETDA"].pk) or Employee.objects.filter(agency=agencies["SETDA"], superior__isnull=True).first()
    if sekda:
        for h in heads:
            if h.pk != sekda.pk:
                h.superior = sekda
        Employee.objects.bulk_update([h for h in heads if h.pk != sekda.pk], ["superior"], batch_size=2000)

    mids = []
    for agency, _size in plan:
        for unit in units_by_agency.get(agency.pk, []):
            mids.append(_employee(rng, nips, agency=agency, unit=unit, superior=head_of[agency.pk], level="mid",
                                  kind=agency.kind))
    Employee.objects.bulk_create(mids, batch_size=2000)
    mids_by_agency: dict[int, list[Employee]] = {}
    for m in mids:
        mids_by_agency.setdefault(m.agency_id, []).append(m)

    created = len(heads) + len(mids)
    staff = []
    for agency, size in plan:
        leaders = mids_by_agency.get(agency.pk) or [head_of[agency.pk]]
        for i in range(max(0, size - 1 - len(mids_by_agency.get(agency.pk, [])))):
            boss = leaders[i % len(leaders)]
            staff.append(_employee(rng, nips, agency=agency, unit=boss.unit, superior=boss, level="staff",
                                   kind=agency.kind))
        if len(staff) >= 20000:
            Employee.objects.bulk_create(staff, batch_size=5000)
            created += len(staff)
            staff = []
    Employee.objects.bulk_create(staff, batch_size=5000)
    created += len(staff)
    return created


def _demo_employee(agency_code: str, unit_code: str | None, which: str) -> Employee:
    agency = Agency.objects.get(code=agency_code)
    if which == "head":
        return Employee.objects.filter(agency=agency, unit__isnull=True).order_by("pk").first()
    staff = Employee.objects.filter(
        agency=agency, employee_type=Employee.Type.PNS, disciplinary_penalty=False, user__isnull=True,
        position_type__in=["pelaksana", "fungsional_keahlian", "fungsional_keterampilan"],
    ).order_by("pk")
    # A demo agent must be eligible under the default period rules: SKP Baik or better, some years of service.
    eligible = staff.filter(skp_predikat__in=[SkpPredikat.BAIK, SkpPredikat.SANGAT_BAIK],
                            appointment_date__lte=dt.date(TODAY.year - 3, 1, 1))
    for qs in (eligible.filter(unit__code=f"{agency_code}-{unit_code}"), eligible, staff):
        found = qs.first()
        if found:
            return found
    raise RuntimeError(f"No employee for demo account in {agency_code}")


@transaction.atomic
def seed_accounts() -> list[User]:
    users = []
    for username, role, agency_code, who in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_password(settings.DEMO_PASSWORD)
            if who:
                employee = _demo_employee(*who)
                user.employee = employee
                first, _sp, last = employee.name.partition(" ")
                user.first_name, user.last_name, user.email = first, last, employee.email
            else:
                user.first_name, user.email = "Administrator", "admin@agenperubahan.local"
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
        if role:
            agency = Agency.objects.get(code=agency_code) if agency_code else None
            RoleAssignment.objects.get_or_create(user=user, role=role, agency=agency)
        users.append(user)
    return users


def seed_institution() -> Institution:
    """The demo institution is Kota Bandung; an identity someone already edited is left alone."""
    institution = Institution.get_solo()
    if institution.name != Institution._meta.get_field("name").default:
        return institution
    for field, value in data.INSTITUTION.items():
        setattr(institution, field, value)
    institution.full_clean()
    institution.save()
    return institution
def seed_heads() -> int:
    """Record the head of every top-level agency that has none: its first employee outside the sub-units."""
    missing = list(Agency.objects.top_level().filter(head__isnull=True).values_list("pk", flat=True))
    first: dict[int, int] = {}
    for agency_id, employee_id in (Employee.objects.filter(agency_id__in=missing, unit__isnull=True)
                                   .order_by("agency_id", "pk").values_list("agency_id", "pk")):
        first.setdefault(agency_id, employee_id)
    for agency_id, employee_id in first.items():
        Agency.objects.filter(pk=agency_id).update(head_id=employee_id)
    return len(first)


def _new_user(username: str, employee: Employee, password: str) -> User:
    first, _sp, last = employee.name.partition(" ")
    return User(username=username, password=password, employee=employee, first_name=first, last_name=last,
                email=employee.email)


@transaction.atomic
def seed_agency_accounts() -> int:
    """A kepala account (the recorded head) and an operator account for every top-level agency, the demo password
    for all (hashed once). For the agencies of ``ACTING_DEMO``: a Plt. of the head instead of a kepala account."""
    password = make_password(settings.DEMO_PASSWORD)
    agencies = list(Agency.objects.top_level().select_related("head").order_by("code"))
    taken = set(User.objects.values_list("username", flat=True))
    with_user = set(User.objects.filter(employee__isnull=False).values_list("employee_id", flat=True))
    staff_by_agency: dict[int, list[Employee]] = {}
    heads = {a.head_id for a in agencies if a.head_id}
    for e in (Employee.objects.filter(agency__parent__isnull=True, is_active=True)
              .exclude(pk__in=with_user | heads).order_by("agency_id", "position_type", "pk")):
        staff_by_agency.setdefault(e.agency_id, []).append(e)
    users, roles = [], []
    for agency in agencies:
        staff = [e for e in staff_by_agency.get(agency.pk, []) if e.pk not in with_user]
        kepala = agency_username("kepala", agency)
        if agency.code not in NO_KEPALA_ACCOUNT and kepala not in taken and agency.head_id \
                and agency.head_id not in with_user:
            users.append(_new_user(kepala, agency.head, password))
            roles.append((kepala, Role.KEPALA, agency))
            with_user.add(agency.head_id)
        operator = agency_username("operator", agency)
        if operator not in taken and staff:
            employee = next((e for e in staff if e.position_type in ("pelaksana", "fungsional_keterampilan")),
                            staff[-1])
            users.append(_new_user(operator, employee, password))
            roles.append((operator, Role.OPERATOR, agency))
            with_user.add(employee.pk)
        acting = ACTING_DEMO.get(agency.code)
        if acting and acting[0] not in taken:
            # The Plt.: a mid-level official of the agency (e.g. its sekretaris), for a range around today.
            official = (Employee.objects.filter(agency=agency, position_type="administrator", is_active=True)
                        .exclude(pk__in=with_user).order_by("pk").first())
            if official is not None:
                users.append(_new_user(acting[0], official, password))
                with_user.add(official.pk)
                today = timezone.localdate()
                ActingHead.objects.create(agency=agency, employee=official, kind=ActingHead.Kind.PLT,
                                          starts_on=today - dt.timedelta(days=30),
                                          ends_on=today + dt.timedelta(days=150), letter_number=acting[1])
    User.objects.bulk_create(users)
    by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    RoleAssignment.objects.bulk_create([RoleAssignment(user=by_name[name], role=role, agency=agency)
                                        for name, role, agency in roles])
    return len(users)


def seed(*, employees: int = 2000, seed: int = 2026, stdout=None) -> None:
    rng = random.Random(seed)
    seed_institution()
    agencies = seed_agencies()
    n = seed_employees(agencies, total=employees, rng=rng, stdout=stdout)
    seed_heads()
    if stdout:
        stdout.write(f"Organisasi: {len(agencies)} perangkat daerah, {n} pegawai baru.")
    seed_accounts()
    accounts = seed_agency_accounts()
    if stdout and accounts:
        stdout.write(f"Akun demo kepala/operator/Plt. perangkat daerah: {accounts}.")
