"""A small program whose figures were worked out by hand (see ``EXPECTED``), and a way to grow it.

Diskominfo: quota 4 (override; default 3); nominations 1 draft, 2 submitted, 1 endorsed, 1 rejected; 3 current
agents + 1 role model; projects: agent 1 has two finished in the last 12 months (one integrated), agent 2 one
ongoing, agent 3 one planned. Dinkes: 1 endorsed nomination; 1 current agent whose only project finished two years
ago; 1 agent whose term ended (not counted).

Evaluations, instrument "uji" (scale 1–5, two values, self-rating only, threshold 2):
- previous cycle (published): Diskominfo A: akuntabel 3 (50), adaptif 3 (50); B: 3 (50), 1 (0).
- latest cycle (published): Diskominfo A: 5 (100), 3 (50); B: 4 (75), 2 (25); D assigned, not answered.
  Dinkes C and E: 3 (50), 5 (100) each — two respondents, just at the threshold. (With C alone, Dinkes would be
  below it and, by complementary suppression, Diskominfo would be hidden too: city − Diskominfo = C.)
- open cycle: four Diskominfo raters assigned (two in APTIKA, one in SEKRE, one more in APTIKA), one answered;
  per sub-unit no counts are shown (SEKRE has one rater, so APTIKA is hidden with it).
Forum: 3 posts in 2 topics in Diskominfo's forum this week, 1 post in Dinkes' forum, 1 hidden post (not counted).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from agents.models import AgencyQuota, ChangeAgent, ChangeProject, Nomination, ProgramPeriod
from evaluations.models import Assignment, Cycle, CycleRaterGroup, Dimension, Instrument, Item, Response
from evaluations.services.responses import _store_submission
from forums.models import Forum, Post, Topic
from organization.models import Agency, Employee

EXPECTED = {
    "diskominfo": {
        "agents": 3, "quota": 4, "role_models": 1, "pending": 3, "projects_active": 2, "changes": 2,
        "integrated": 1, "agents_with_change": 1, "pct_agents_with_change": 66.7, "pct_integrated": 50.0,
        "zi_grade": "A", "response_rate": 66.7, "scores": {"akuntabel": 87.5, "adaptif": 37.5},
        "score_mean": 62.5, "open_response_rate": 25.0, "topics": 2, "posts": 3,
        "nominations": {"draft": 1, "submitted": 2, "endorsed": 1, "rejected": 1},
    },
    "dinkes": {
        "agents": 1, "quota": 3, "role_models": 0, "pending": 1, "projects_active": 0, "changes": 0,
        "integrated": 0, "pct_agents_with_change": 0.0, "zi_grade": "B", "response_rate": 100.0,
        "scores": {"akuntabel": 50.0, "adaptif": 100.0}, "topics": 1, "posts": 1,
    },
    "city": {
        "agents": 4, "role_models": 1, "changes": 2, "integrated": 1, "pct_agents_with_change": 50.0,
        "pct_integrated": 50.0, "zi_grade": "A", "response_rate": 80.0,
        "scores": {"akuntabel": 68.8, "adaptif": 68.8}, "previous_scores": {"akuntabel": 50.0, "adaptif": 25.0},
        "open_response_rate": 25.0, "posts": 4, "topics": 3,
    },
}


def staff(agency: Agency, n: int, offset: int = 0) -> list[Employee]:
    return list(Employee.objects.filter(agency=agency, is_active=True).order_by("pk")[offset:offset + n])


def make_period(today: dt.date) -> ProgramPeriod:
    return ProgramPeriod.objects.create(
        name="Periode uji", nomination_opens=today - dt.timedelta(days=10),
        nomination_closes=today + dt.timedelta(days=10), term_start=today - dt.timedelta(days=30),
        term_end=today + dt.timedelta(days=335), default_quota=3, employee_types=["PNS", "PPPK"],
    )


def make_agent(employee: Employee, period, *, kind=ChangeAgent.Kind.AGEN, today=None, ended=False) -> ChangeAgent:
    today = today or timezone.localdate()
    return ChangeAgent.objects.create(
        employee=employee, agency=employee.agency, period=period, kind=kind,
        roles=["katalis"] if kind == ChangeAgent.Kind.AGEN else [],
        term_start=today - dt.timedelta(days=30), term_end=today + dt.timedelta(days=335),
        decree_number=f"800/{employee.pk}/SK", decree_date=today - dt.timedelta(days=31),
        decree_signatory="Wali Kota Bandung",
        status=ChangeAgent.Status.ENDED if ended else ChangeAgent.Status.ACTIVE,
    )


def make_project(agent: ChangeAgent, title: str, status: str, *, completed_on=None, integrated=False, today=None,
                 verified=True):
    """``verified``: the agency has verified what the agent certified (done / integrated), so it counts for ZI."""
    today = today or timezone.localdate()
    stamp = timezone.now() if verified else None
    return ChangeProject.objects.create(
        change_verified_at=stamp if status == "done" else None,
        integration_verified_at=stamp if integrated else None,
        agent=agent, agency=agent.agency, title=title, reform_area=_area(),
        problem="Antrian layanan panjang.", proposed_change="Layanan daring.", target="Waktu tunggu turun 50%",
        indicator="Waktu tunggu rata-rata", start_date=today - dt.timedelta(days=200),
        end_date=today + dt.timedelta(days=100), status=status, progress=100 if status == "done" else 40,
        completed_on=completed_on, integrated=integrated, result="Selesai." if completed_on else "",
    )


def _area() -> str:
    from agents.models import ReformArea

    return ReformArea.values[0]


def make_instrument() -> tuple[Instrument, dict[str, Item]]:
    instrument = Instrument.objects.create(code="uji", name="Instrumen uji", kind=Instrument.Kind.BEHAVIOUR_360,
                                           scale_max=5)
    items = {}
    for order, (code, name) in enumerate([("akuntabel", "Akuntabel"), ("adaptif", "Adaptif")]):
        dim = Dimension.objects.create(instrument=instrument, code=code, name=name, order=order)
        items[code] = Item.objects.create(dimension=dim, text=f"Pegawai {name.lower()}.", rater_groups=["self"])
    return instrument, items


def make_cycle(instrument, name: str, status: str, opens_on: dt.date) -> Cycle:
    cycle = Cycle.objects.create(name=name, instrument=instrument, opens_on=opens_on,
                                 closes_on=opens_on + dt.timedelta(days=14), status=status, anonymity_threshold=2)
    CycleRaterGroup.objects.create(cycle=cycle, group="self", enabled=True, weight=Decimal("100"))
    return cycle


def rate(cycle: Cycle, subject: Employee, items: dict, scores: dict | None, *, rater: Employee | None = None):
    assignment = Assignment.objects.create(cycle=cycle, subject=subject, rater=rater or subject, group="self")
    if scores is not None:          # stored as the service stores a submission (anonymously)
        response = Response.objects.create(assignment=assignment)
        _store_submission(assignment=assignment, response=response,
                          scores={items[code].pk: score for code, score in scores.items()}, comment="")
    return assignment


def forum_of(agency: Agency) -> Forum:
    forum, _ = Forum.objects.get_or_create(kind=Forum.Kind.AGENCY, agency=agency,
                                           defaults={"name": f"Forum {agency.abbreviation}"})
    return forum


def post(forum: Forum, author, *, topic: Topic | None = None, hidden=False) -> Topic:
    if topic is None:
        topic = Topic.objects.create(forum=forum, title="Berbagi praktik baik", author=author)
    Post.objects.create(topic=topic, author=author, body="Isi", body_html="<p>Isi</p>", is_hidden=hidden)
    return topic


@pytest.fixture
def program(db, diskominfo, dinkes, kepala_diskominfo):
    return build_program(diskominfo, dinkes, kepala_diskominfo)


def build_program(diskominfo: Agency, dinkes: Agency, author) -> dict:
    """The hand-computed example (module docstring); ``author`` writes the forum posts."""
    today = timezone.localdate()
    period = make_period(today)
    AgencyQuota.objects.create(period=period, agency=diskominfo, quota=4)

    k = staff(diskominfo, 8)
    h = staff(dinkes, 6)
    for employee, status in zip(k[3:8], ["draft", "submitted", "submitted", "endorsed", "rejected"], strict=True):
        Nomination.objects.create(period=period, candidate=employee, agency=diskominfo, justification="Teladan.",
                                  status=status, submitted_at=None if status == "draft" else timezone.now())
    Nomination.objects.create(period=period, candidate=h[3], agency=dinkes, justification="Teladan.",
                              status="endorsed", submitted_at=timezone.now())

    a1, a2, a3 = (make_agent(e, period, today=today) for e in k[:3])
    make_agent(k[3], period, kind=ChangeAgent.Kind.ROLE_MODEL, today=today)
    make_project(a1, "Layanan izin daring", "done", completed_on=today - dt.timedelta(days=30), integrated=True)
    make_project(a1, "Arsip digital", "done", completed_on=today - dt.timedelta(days=90))
    make_project(a2, "Dasbor layanan", "ongoing")
    make_project(a3, "Kanal pengaduan", "planned")
    b1 = make_agent(h[0], period, today=today)
    make_project(b1, "Antrian puskesmas", "done", completed_on=today - dt.timedelta(days=730))
    make_agent(h[1], period, today=today, ended=True)

    instrument, items = make_instrument()
    previous = make_cycle(instrument, "Siklus uji I", Cycle.Status.PUBLISHED, today - dt.timedelta(days=200))
    latest = make_cycle(instrument, "Siklus uji II", Cycle.Status.PUBLISHED, today - dt.timedelta(days=60))
    open_cycle = make_cycle(instrument, "Siklus uji III", Cycle.Status.OPEN, today - dt.timedelta(days=3))
    subject_a, subject_b, subject_c, subject_d = k[0], k[1], h[0], k[2]
    rate(previous, subject_a, items, {"akuntabel": 3, "adaptif": 3})
    rate(previous, subject_b, items, {"akuntabel": 3, "adaptif": 1})
    rate(latest, subject_a, items, {"akuntabel": 5, "adaptif": 3})
    rate(latest, subject_b, items, {"akuntabel": 4, "adaptif": 2})
    rate(latest, subject_c, items, {"akuntabel": 3, "adaptif": 5})
    rate(latest, h[2], items, {"akuntabel": 3, "adaptif": 5})
    rate(latest, subject_d, items, None)
    rate(open_cycle, k[0], items, {"akuntabel": 4, "adaptif": 4})
    for e in k[1:4]:
        rate(open_cycle, e, items, None)

    # Published cycles were closed first: their results were computed then, once (evaluations.disclosure).
    from evaluations.disclosure import compute_snapshot

    compute_snapshot(previous)
    compute_snapshot(latest)

    topic = post(forum_of(diskominfo), author)
    post(forum_of(diskominfo), author, topic=topic)
    post(forum_of(diskominfo), author)
    post(forum_of(diskominfo), author, topic=topic, hidden=True)
    post(forum_of(dinkes), author)
    return {"period": period, "latest": latest, "previous": previous, "open": open_cycle, "items": items,
            "instrument": instrument, "diskominfo_staff": k, "dinkes_staff": h}


@pytest.fixture
def grow(program):
    """``grow(n)``: add agents, nominations, projects, answers and posts in ``n`` more agencies."""

    def _grow(n: int):
        period, items, latest = program["period"], program["items"], program["latest"]
        agencies = list(Agency.objects.top_level().exclude(code__in=["DISKOMINFO", "DINKES"]).order_by("pk")[:n])
        from organization.models import User

        user = User.objects.filter(employee__isnull=False).first()
        for agency in agencies:
            people = staff(agency, 4)
            if len(people) < 4:
                continue
            agent = make_agent(people[0], period)
            make_project(agent, "Inovasi", "done", completed_on=timezone.localdate() - dt.timedelta(days=10),
                         integrated=True)
            Nomination.objects.create(period=period, candidate=people[1], agency=agency, justification="Teladan.",
                                      status="submitted", submitted_at=timezone.now())
            for e in people[:3]:
                rate(latest, e, items, {"akuntabel": 4, "adaptif": 4})
            post(forum_of(agency), user)

    return _grow
