"""Demo data for the agents app: last year's period with its agents, role models and change projects, and an open
period with nominations in every state across several agencies.

Deterministic for a seed, idempotent (nothing is added when the open demo period already exists). Rows are written
directly with back-dated history (no notifications or e-mails are sent while seeding).
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from organization.models import Agency, Employee, Role, RoleAssignment, SkpPredikat, User, head_title

from .models import (
    DEFAULT_CRITERIA,
    AgencyQuota,
    AgentRole,
    ChangeAgent,
    ChangeProject,
    Criterion,
    Nomination,
    NominationScore,
    NominationTransition,
    ProgramPeriod,
    ProgressReport,
    ReformArea,
    ReportEvidence,
)
from .services.nominations import refresh_score_total
from .services.registry import sync_role_assignment

S = Nomination.Status
A = NominationTransition.Action

# Agencies with last year's agents (code, how many agents).
AGENT_AGENCIES = [("DISKOMINFO", 3), ("DINKES", 4), ("DISDUKCAPIL", 2), ("DPMPTSP", 2), ("BAPENDA", 2),
                  ("INSPEKTORAT", 2), ("BKPSDM", 2), ("KEC-COBLONG", 2), ("RSUDKIWARI", 2)]
ROLE_MODEL_AGENCIES = ["DISKOMINFO", "DINKES", "DISDUKCAPIL", "KEC-COBLONG"]
# The open period: (agency code, status or "returned") for each demo nomination.
OPEN_NOMINATIONS = [
    ("DISKOMINFO", S.DRAFT), ("DISKOMINFO", S.SUBMITTED), ("DISKOMINFO", S.ENDORSED),
    ("DINKES", "returned"), ("DINKES", S.SUBMITTED), ("DINKES", S.ENDORSED), ("DINKES", S.APPROVED),
    ("DINKES", S.REJECTED), ("DISDUKCAPIL", S.ENDORSED), ("DISDUKCAPIL", S.SUBMITTED), ("BAPENDA", S.DRAFT),
    ("DPMPTSP", S.ENDORSED), ("KEC-COBLONG", S.APPROVED), ("DISHUB", S.SUBMITTED), ("DLH", S.REJECTED),
]

PROJECTS = [
    (ReformArea.PELAYANAN_PUBLIK, "Antrean daring layanan {unit}",
     "Warga menunggu lebih dari dua jam di loket karena antrean manual.",
     "Nomor antrean daring lewat WhatsApp dan papan antrean di ruang tunggu.",
     "Waktu tunggu rata-rata di bawah 30 menit", "Rata-rata waktu tunggu per bulan (menit)"),
    (ReformArea.TATALAKSANA, "Disposisi surat elektronik di {unit}",
     "Surat masuk berpindah meja secara fisik; disposisi bisa tertahan berhari-hari.",
     "Disposisi dan tindak lanjut surat melalui aplikasi naskah dinas elektronik.",
     "Seluruh surat masuk didisposisikan secara elektronik", "Persentase surat dengan disposisi elektronik"),
    (ReformArea.MANAJEMEN_PERUBAHAN, "Apel pagi nilai BerAKHLAK di {unit}",
     "Nilai dasar ASN BerAKHLAK belum dikenal sebagian pegawai.",
     "Apel pagi mingguan dengan satu cerita praktik baik per nilai, bergiliran antarpegawai.",
     "Setiap pegawai pernah membawakan satu cerita", "Jumlah cerita praktik baik per bulan"),
    (ReformArea.AKUNTABILITAS, "Papan kinerja bulanan {unit}",
     "Capaian kinerja hanya dilaporkan setahun sekali sehingga sulit dipantau.",
     "Papan kinerja bulanan yang diisi setiap bidang dan dibahas dalam rapat pimpinan.",
     "Capaian indikator kinerja dipantau setiap bulan", "Jumlah bidang yang memperbarui papan kinerja"),
    (ReformArea.PENGAWASAN, "Kanal aduan gratifikasi {unit}",
     "Pegawai ragu melaporkan pemberian hadiah dari pengguna layanan.",
     "Formulir pelaporan gratifikasi daring dan sosialisasi di setiap bidang.",
     "Semua penerimaan gratifikasi dilaporkan", "Jumlah laporan gratifikasi yang ditindaklanjuti"),
]
JUSTIFICATIONS = [
    "Konsisten menjadi teladan disiplin dan integritas; memprakarsai perbaikan alur layanan di unitnya sehingga "
    "keluhan warga menurun.",
    "Dikenal rekan kerja sebagai penggerak: membimbing pegawai baru, aktif berbagi pengetahuan, dan kinerjanya "
    "selalu di atas target.",
    "Memahami tugas dan fungsi unit dengan baik, berdedikasi tinggi, dan pernah menyusun SOP layanan yang kini "
    "dipakai seluruh bidang.",
]
MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _eligible(agency: Agency, taken: set[int]):
    three_years_ago = timezone.localdate().replace(month=1, day=1) - dt.timedelta(days=3 * 365)
    return [e for e in Employee.objects.filter(
        agency=agency, is_active=True, employee_type=Employee.Type.PNS, disciplinary_penalty=False,
        skp_predikat__in=[SkpPredikat.BAIK, SkpPredikat.SANGAT_BAIK], appointment_date__lte=three_years_ago,
        unit__isnull=False, user__isnull=True,
    ).exclude(position_type__in=["jpt_pratama", "administrator"]).order_by("pk") if e.pk not in taken]


def _period(name, opens, closes, start, end, *, by, overrides) -> ProgramPeriod:
    period = ProgramPeriod.objects.create(
        name=name, nomination_opens=opens, nomination_closes=closes, term_start=start, term_end=end,
        default_quota=3, employee_types=["PNS"], min_years_of_service=2, created_by=by,
    )
    Criterion.objects.bulk_create([Criterion(period=period, name=str(n), description=str(d), weight=w, order=i)
                                   for i, (n, d, w) in enumerate(DEFAULT_CRITERIA)])
    AgencyQuota.objects.bulk_create([AgencyQuota(period=period, agency=a, quota=q) for a, q in overrides])
    return period


def _transition(nom, action, frm, to, actor, at, comment="", **trail):
    NominationTransition.objects.create(nomination=nom, action=action, from_status=frm, to_status=to, actor=actor,
                                        at=at, comment=comment, **trail)


def _nominate(*, period, employee, operator, kepala, tim_rb, target, day, rng, decree=None) -> Nomination:
    """A nomination walked to ``target`` with a back-dated history."""
    nom = Nomination.objects.create(period=period, candidate=employee, agency_id=employee.agency_id,
                                    justification=rng.choice(JUSTIFICATIONS), created_by=operator)
    _transition(nom, A.CREATE, "", S.DRAFT, operator, _at(day, 8))
    if target == S.DRAFT:
        return nom
    submitted = day + dt.timedelta(days=1)
    _transition(nom, A.SUBMIT, S.DRAFT, S.SUBMITTED, operator, _at(submitted))
    nom.status, nom.submitted_at, nom.waiting_since = S.SUBMITTED, _at(submitted), _at(submitted)
    if target == "returned":
        comment = "Lengkapi bukti capaian kinerja (SKP dua tahun terakhir) dan contoh perubahan yang pernah dibuat."
        _transition(nom, A.RETURN, S.SUBMITTED, S.DRAFT, kepala, _at(submitted + dt.timedelta(days=2)), comment)
        nom.status, nom.return_comment, nom.submitted_at, nom.waiting_since = S.DRAFT, comment, None, None
    if target in (S.ENDORSED, S.APPROVED, S.REJECTED):
        endorsed = submitted + dt.timedelta(days=3)
        _transition(nom, A.ENDORSE, S.SUBMITTED, S.ENDORSED, kepala, _at(endorsed), "Layak diteruskan.",
                    step="kepala_pd", capacity=head_title(nom.agency))
        nom.status, nom.endorsed_at, nom.waiting_since = S.ENDORSED, _at(endorsed), _at(endorsed)
        if tim_rb and tim_rb.employee and tim_rb.employee.agency_id != nom.agency_id:
            NominationScore.objects.bulk_create([
                NominationScore(nomination=nom, criterion=c, scorer=tim_rb, score=rng.choice([3, 4, 4, 5]),
                                note="Sesuai dokumen dan wawancara.") for c in period.criteria.all()
            ])
        if target in (S.APPROVED, S.REJECTED):
            decided = endorsed + dt.timedelta(days=5)
            nom.decided_at, nom.waiting_since = _at(decided), None
            if target == S.REJECTED:
                reason = "Belum menunjukkan contoh perubahan nyata di unit kerjanya; dapat diusulkan kembali."
                _transition(nom, A.REJECT, S.ENDORSED, S.REJECTED, tim_rb, _at(decided), reason)
                nom.status, nom.reject_reason = S.REJECTED, reason
            else:
                number, date = decree
                _transition(nom, A.APPROVE, S.ENDORSED, S.APPROVED, tim_rb, _at(decided), f"SK {number}")
                nom.status, nom.decree_number, nom.decree_date = S.APPROVED, number, date
                nom.decree_signatory = "Wali Kota Bandung"
    nom.save()
    if nom.scores.exists():
        refresh_score_total(nom)
    return nom


def _agent(nom: Nomination, period: ProgramPeriod, rng) -> ChangeAgent:
    roles = rng.sample(AgentRole.values, rng.randint(2, 4))
    agent = ChangeAgent.objects.create(
        employee=nom.candidate, agency_id=nom.agency_id, period=period, nomination=nom, kind=ChangeAgent.Kind.AGEN,
        roles=sorted(roles, key=AgentRole.values.index), term_start=period.term_start, term_end=period.term_end,
        decree_number=nom.decree_number, decree_date=nom.decree_date, decree_signatory=nom.decree_signatory,
    )
    sync_role_assignment(employee=nom.candidate, agency_id=nom.agency_id, kind=agent.kind)
    return agent


def _projects(agent: ChangeAgent, rng, today: dt.date, *, done: bool, integrated: bool) -> None:
    area, title, problem, change, target, indicator = PROJECTS[rng.randrange(len(PROJECTS))]
    unit = agent.employee.unit.name if agent.employee.unit_id else agent.agency.name
    start = max(agent.term_start, today - dt.timedelta(days=240))
    project = ChangeProject.objects.create(
        agent=agent, agency_id=agent.agency_id, title=title.format(unit=unit)[:200], reform_area=area,
        problem=problem, proposed_change=change, target=target, indicator=indicator, start_date=start,
        end_date=start + dt.timedelta(days=180), status=ChangeProject.Status.ONGOING, progress=0,
    )
    months = []
    month = start.replace(day=1)
    while month <= today.replace(day=1) and len(months) < 6:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    if not done and months and rng.random() < 0.5:
        months = months[:-1]  # the current month's report is still due
    progress = 0
    for i, m in enumerate(months):
        progress = min(100 if done and i == len(months) - 1 else 90, progress + rng.randint(10, 25))
        report = ProgressReport.objects.create(
            project=project, month=m, progress=progress,
            activities="Rapat koordinasi bidang, uji coba di satu loket, dan pengumpulan umpan balik pegawai.",
            results="Umpan balik dari pengguna layanan terkumpul dan alur diperbaiki.",
            obstacles="Jadwal rapat bertabrakan dengan kegiatan rutin." if i % 2 else "",
            next_steps="Perluasan ke seluruh loket.", submitted_by=getattr(agent.employee, "user", None),
        )
        if i == 0:
            ev = ReportEvidence(report=report, original_name="notulen-rapat.pdf", content_type="application/pdf",
                                size=len(MINIMAL_PDF))
            ev.file.save("notulen-rapat.pdf", ContentFile(MINIMAL_PDF), save=False)
            ev.save()
    update = {"progress": progress, "last_report_month": months[-1] if months else None}
    if done:
        completed = min(today - dt.timedelta(days=rng.randint(10, 60)), months[-1] if months else today)
        # Demo changes are verified by the agency (only verified ones count for the ZI figures).
        update.update(status=ChangeProject.Status.DONE, progress=100, completed_on=max(completed, start),
                      result="Perubahan berjalan: " + target.lower() + ".", change_verified_at=timezone.now())
        if integrated:
            update.update(integrated=True, integration_kind=rng.choice(ChangeProject.IntegrationKind.values),
                          integration_reference=f"SOP Nomor {rng.randint(10, 99)}/{today.year}",
                          integrated_on=max(completed, start), integration_verified_at=timezone.now())
    ChangeProject.objects.filter(pk=project.pk).update(**update)


@transaction.atomic
def seed(*, seed: int = 2026, stdout=None) -> None:
    today = timezone.localdate()
    year = today.year
    open_name = f"Agen Perubahan {year + 1}"
    if ProgramPeriod.objects.filter(name=open_name).exists():
        return
    rng = random.Random(seed)
    agencies = {a.code: a for a in Agency.objects.top_level().select_related("head")}
    users = {u.username: u for u in User.objects.select_related("employee").filter(
        username__in=["tim.rb", "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo", "kepala.dinkes",
                      "operator.dinkes", "agen.dinkes"])}
    tim_rb = users.get("tim.rb")
    role_users = {}
    for ra in (RoleAssignment.objects.filter(role__in=[Role.OPERATOR, Role.KEPALA], is_active=True)
               .select_related("user")):
        role_users.setdefault((ra.role, ra.agency_id), ra.user)
    overrides = [(agencies[c], 6) for c in ("DINKES", "DISDIK", "RSUDKIWARI") if c in agencies]

    last = ProgramPeriod.objects.filter(name=f"Agen Perubahan {year}").first() or _period(
        f"Agen Perubahan {year}", dt.date(year - 1, 11, 1), dt.date(year - 1, 12, 10), dt.date(year, 1, 1),
        dt.date(year, 12, 31), by=tim_rb, overrides=overrides)
    opens = today - dt.timedelta(days=20)
    closes = max(min(today + dt.timedelta(days=25), dt.date(year, 12, 20)), today)
    current = _period(open_name, opens, closes, dt.date(year + 1, 1, 1), dt.date(year + 1, 12, 31), by=tim_rb,
                      overrides=overrides)

    taken: set[int] = set()
    agents: list[ChangeAgent] = []
    # Last year's agents, appointed by decree in December; the demo agents of Diskominfo and Dinkes among them.
    for code, count in AGENT_AGENCIES:
        agency = agencies.get(code)
        if agency is None:
            continue
        people = []
        demo_user = users.get(f"agen.{code.lower()}")
        if demo_user and demo_user.employee:
            people.append(demo_user.employee)
        people += _eligible(agency, taken)[: count - len(people)]
        for i, employee in enumerate(people):
            taken.add(employee.pk)
            nom = _nominate(period=last, employee=employee, operator=role_users.get((Role.OPERATOR, agency.pk)),
                            kepala=role_users.get((Role.KEPALA, agency.pk)), tim_rb=tim_rb, target=S.APPROVED,
                            day=dt.date(year - 1, 11, 3 + i), rng=rng,
                            decree=(f"800/{100 + len(agents)}/BKPSDM/{year - 1}", dt.date(year - 1, 12, 20)))
            agents.append(_agent(nom, last, rng))

    for i, agent in enumerate(agents):
        _projects(agent, rng, today, done=i % 3 != 2, integrated=i % 3 == 0)

    # Role models: the heads of some agencies, each with an SK Role Model.
    for i, code in enumerate(ROLE_MODEL_AGENCIES):
        agency = agencies.get(code)
        head = Employee.objects.filter(agency=agency, unit__isnull=True).order_by("pk").first() if agency else None
        if head is None:
            continue
        ChangeAgent.objects.create(
            employee=head, agency=agency, period=last, kind=ChangeAgent.Kind.ROLE_MODEL, roles=[],
            term_start=last.term_start, term_end=last.term_end, decree_number=f"800/{300 + i}/Org/{year}",
            decree_date=dt.date(year, 1, 15), decree_signatory="Wali Kota Bandung",
        )
        sync_role_assignment(employee=head, agency_id=agency.pk, kind=ChangeAgent.Kind.ROLE_MODEL)

    # The open period: nominations in every state.
    for i, (code, target) in enumerate(OPEN_NOMINATIONS):
        agency = agencies.get(code)
        candidates = _eligible(agency, taken) if agency else []
        if not candidates:
            continue
        employee = candidates[0]
        taken.add(employee.pk)
        nom = _nominate(period=current, employee=employee, operator=role_users.get((Role.OPERATOR, agency.pk)),
                        kepala=role_users.get((Role.KEPALA, agency.pk)), tim_rb=tim_rb, target=target,
                        day=opens + dt.timedelta(days=i % 10), rng=rng,
                        decree=(f"800/{500 + i}/BKPSDM/{year}", today - dt.timedelta(days=1)))
        if target == S.APPROVED:
            _agent(nom, current, rng)
    if stdout:
        stdout.write(f"Agen perubahan: 2 periode, {len(agents)} agen, {len(OPEN_NOMINATIONS)} nominasi terbuka.")
