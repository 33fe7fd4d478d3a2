#!/usr/bin/env python
"""Seed a benchmark database: the demo city at ``--scale`` × (16,000 employees, 400 agents, 20,000 forum posts,
two cycles of 360° answers for every agent). Run by bench/run.py with DATABASE_URL pointing at the bench database.

The agencies stay those of the demo city (63 top-level perangkat daerah and their sub-units): at 10× every agency
is ten times larger, which is harder on per-agency pages than ten times as many agencies would be.

``seed_demo --employees 16000×N`` gives the organisation and each app's demo data; this script then adds in bulk
what the demo lacks, writing the same rows the services write (nominations walked to "approved" with their
transitions, ChangeAgents, user accounts with unusable passwords, active ``RoleAssignment(agen)``; topics and posts
with the counters on forum and topic rows; assignments, responses and answers of the two demo 360° cycles).
No notifications or e-mails are sent. The ids the benchmark pages need are written to ``bench/out/ids_<N>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenperubahan.settings.development")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from psycopg2.extras import execute_values  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from agents.models import (  # noqa: E402
    AgencyQuota,
    AgentRole,
    ChangeAgent,
    Nomination,
    NominationTransition,
    ProgramPeriod,
)
from evaluations import demo as evaluation_demo  # noqa: E402
from evaluations.disclosure import compute_snapshot  # noqa: E402
from evaluations.models import Assignment, Cycle, Item, RaterGroup, Response, ResultSnapshot  # noqa: E402
from evaluations.services.cycles import cycle_subjects, plan_assignments  # noqa: E402
from forums import services as forum_services  # noqa: E402
from forums.demo_content import AGENCY_THREADS, CITY_THREADS  # noqa: E402
from forums.models import Category, Forum, Post, Reaction, Subscription, Topic, TopicReadState  # noqa: E402
from forums.rendering import render_markdown  # noqa: E402
from organization.models import Agency, Employee, Role, RoleAssignment, SkpPredikat, User  # noqa: E402

EMPLOYEES = 16_000
AGENTS = 400
POSTS = 20_000
S = Nomination.Status
A = NominationTransition.Action
JUSTIFICATION = ("Konsisten menjadi teladan disiplin dan integritas; memprakarsai perbaikan alur layanan di unitnya "
                 "sehingga keluhan warga menurun.")


def log(message: str, started: float) -> None:
    print(f"  [{time.monotonic() - started:6.1f} s] {message}", flush=True)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


# --- agents ---------------------------------------------------------------------------------------------------

def _slots() -> list[tuple[int, int | None]]:
    """Where agents sit: every sub-unit, and every top-level agency that has none (most kecamatan)."""
    units = list(Agency.objects.filter(parent__isnull=False, is_active=True).order_by("code").values_list("parent_id", "pk"))
    with_units = {p for p, _u in units}
    alone = [(a, None) for a in Agency.objects.top_level().filter(is_active=True).order_by("code")
             .values_list("pk", flat=True) if a not in with_units]
    return units + alone


def _eligible_pool(exclude: set[int]) -> dict[tuple[int, int | None], list[Employee]]:
    """Employees who meet the default period rules and have no account yet, by (agency, unit)."""
    three_years_ago = timezone.localdate().replace(month=1, day=1) - dt.timedelta(days=3 * 365)
    pool = defaultdict(list)
    qs = (Employee.objects.filter(
        is_active=True, employee_type=Employee.Type.PNS, disciplinary_penalty=False,
        skp_predikat__in=[SkpPredikat.BAIK, SkpPredikat.SANGAT_BAIK], appointment_date__lte=three_years_ago,
        user__isnull=True)
        .exclude(position_type__in=["jpt_pratama", "administrator", "pengawas"])
        .only("pk", "nip", "name", "email", "agency_id", "unit_id").order_by("pk"))
    for e in qs.iterator(chunk_size=5000):
        if e.pk not in exclude:
            pool[(e.agency_id, e.unit_id)].append(e)
    return pool


def seed_agents(scale: int, rng: random.Random, started: float) -> None:
    year = timezone.localdate().year
    last = ProgramPeriod.objects.get(name=f"Agen Perubahan {year}")
    current = ProgramPeriod.objects.get(name=f"Agen Perubahan {year + 1}")
    have = ChangeAgent.objects.active().agents().count()
    need = max(0, AGENTS * scale - have)
    taken = set(ChangeAgent.objects.values_list("employee_id", flat=True)) | set(
        Nomination.objects.values_list("candidate_id", flat=True))
    pool = _eligible_pool(taken)
    slots = [s for s in _slots() if pool.get(s)]
    rng.shuffle(slots)
    operators = {ra.agency_id: ra.user_id for ra in RoleAssignment.objects.filter(role=Role.OPERATOR, is_active=True)}
    kepalas = {ra.agency_id: ra.user_id for ra in RoleAssignment.objects.filter(role=Role.KEPALA, is_active=True)}
    tim_rb = User.objects.get(username="tim.rb")

    chosen: list[Employee] = []
    i = 0
    while len(chosen) < need and any(pool.get(s) for s in slots):
        slot = slots[i % len(slots)]
        if pool.get(slot):
            chosen.append(pool[slot].pop(rng.randrange(len(pool[slot]))))
        i += 1
    # A share of the eligible pool that is left is nominated in the open period (every state of the workflow).
    open_noms = []
    for slot in slots:
        if len(open_noms) >= 40 * scale:
            break
        if pool.get(slot):
            open_noms.append(pool[slot].pop(0))

    def nomination(emp, period, status, day, n):
        nom = Nomination(period=period, candidate_id=emp.pk, agency_id=emp.agency_id, justification=JUSTIFICATION,
                         status=status, created_by_id=operators.get(emp.agency_id))
        trail = [(A.CREATE, "", S.DRAFT, nom.created_by_id, _at(day, 8))]
        if status != S.DRAFT:
            nom.submitted_at = _at(day + dt.timedelta(days=1))
            trail.append((A.SUBMIT, S.DRAFT, S.SUBMITTED, nom.created_by_id, nom.submitted_at))
        if status in (S.ENDORSED, S.APPROVED):
            nom.endorsed_at = _at(day + dt.timedelta(days=4))
            trail.append((A.ENDORSE, S.SUBMITTED, S.ENDORSED, kepalas.get(emp.agency_id), nom.endorsed_at))
        if status == S.APPROVED:
            nom.decided_at = _at(day + dt.timedelta(days=9))
            nom.decree_number = f"800/{1000 + n}/BKPSDM/{day.year}"
            nom.decree_date = day + dt.timedelta(days=40)
            nom.decree_signatory = "Wali Kota Bandung"
            trail.append((A.APPROVE, S.ENDORSED, S.APPROVED, tim_rb.pk, nom.decided_at))
        return nom, trail

    noms, trails = [], []
    for n, emp in enumerate(chosen):
        nom, trail = nomination(emp, last, S.APPROVED, last.nomination_opens + dt.timedelta(days=n % 30), n)
        noms.append(nom)
        trails.append(trail)
    open_states = [S.DRAFT, S.SUBMITTED, S.SUBMITTED, S.ENDORSED]
    for n, emp in enumerate(open_noms):
        day = min(current.nomination_opens + dt.timedelta(days=n % 15), timezone.localdate())
        nom, trail = nomination(emp, current, open_states[n % len(open_states)], day, n)
        noms.append(nom)
        trails.append(trail)
    noms = bulk_create_with_history(noms, Nomination, batch_size=2000)
    NominationTransition.objects.bulk_create([
        NominationTransition(nomination=nom, action=a, from_status=f, to_status=t, actor_id=actor, at=at)
        for nom, trail in zip(noms, trails, strict=True) for a, f, t, actor, at in trail
    ], batch_size=5000)
    with connection.cursor() as cur:  # back-date "created" to the CREATE transition (auto_now_add set it to now)
        cur.execute("UPDATE agents_nomination n SET created_at = t.at, updated_at = t.at FROM agents_nominationtransition t "
                    "WHERE t.nomination_id = n.id AND t.action = 'create' AND n.id = ANY(%s)", [[x.pk for x in noms]])
    log(f"{len(noms)} nominations ({len(chosen)} approved, {len(open_noms)} open)", started)

    # The accounts the approval creates (a neutral username from the name, never the NIP: organization.identity;
    # unusable password), the agents and their roles.
    from organization.identity.usernames import username_base

    taken = set(User.objects.values_list("username", flat=True))

    def neutral(name: str) -> str:
        base = candidate = username_base(name)
        n = 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        taken.add(candidate)
        return candidate

    users = []
    for emp in chosen:
        first, _sp, rest = emp.name.partition(" ")
        users.append(User(username=neutral(emp.name), email=emp.email, first_name=first[:150], last_name=rest[:150],
                          employee_id=emp.pk, password="!" + get_random_string(40),
                          date_joined=_at(last.term_start)))
    User.objects.bulk_create(users, batch_size=2000)
    agents = []
    for emp, nom in zip(chosen, noms, strict=False):
        roles = rng.sample(AgentRole.values, rng.randint(2, 4))
        agents.append(ChangeAgent(
            employee_id=emp.pk, agency_id=emp.agency_id, period=last, nomination=nom, kind=ChangeAgent.Kind.AGEN,
            roles=sorted(roles, key=AgentRole.values.index), term_start=last.term_start, term_end=last.term_end,
            decree_number=nom.decree_number, decree_date=nom.decree_date, decree_signatory=nom.decree_signatory))
    bulk_create_with_history(agents, ChangeAgent, batch_size=2000)
    bulk_create_with_history([RoleAssignment(user=u, role=Role.AGEN, agency_id=e.agency_id, is_active=True)
                              for u, e in zip(users, chosen, strict=True)], RoleAssignment, batch_size=2000)
    # Quotas that fit what was approved / submitted (a province sets larger quotas than a city).
    for period in (last, current):
        counts = dict(Nomination.objects.filter(period=period, status__in=Nomination.QUOTA_STATUSES)
                      .values_list("agency_id").annotate(n=Count("pk")).values_list("agency_id", "n"))
        AgencyQuota.objects.filter(period=period, agency_id__in=counts).delete()
        AgencyQuota.objects.bulk_create([AgencyQuota(period=period, agency_id=a, quota=max(period.default_quota, n))
                                         for a, n in counts.items() if n > period.default_quota])
    log(f"{len(agents)} change agents with accounts and roles (target {AGENTS * scale})", started)


# --- forums ---------------------------------------------------------------------------------------------------

def _bodies() -> list[tuple[str, str]]:
    texts = [body for threads in AGENCY_THREADS.values() for _c, _t, msgs in threads for _i, _d, body in msgs]
    texts += [body for _c, _t, msgs in CITY_THREADS for _i, _d, body in msgs]
    mentions = {f"m{i}": "" for i in range(10)}
    out = []
    for text in texts:
        text = " ".join(text.format(**mentions).split(" "))
        out.append((text, render_markdown(text)))
    return out


def _titles() -> list[str]:
    titles = [t for threads in AGENCY_THREADS.values() for _c, t, _m in threads] + [t for _c, t, _m in CITY_THREADS]
    return titles


def _topic_sizes(total: int, rng: random.Random) -> list[int]:
    sizes = []
    while total > 0:
        n = min(total, 1 + int(rng.expovariate(1 / 9)))
        sizes.append(n)
        total -= n
    return sizes


def seed_forums(scale: int, rng: random.Random, started: float) -> None:
    now = timezone.now().replace(microsecond=0)
    have = Post.objects.count()
    need = max(0, POSTS * scale - have)
    forums = {f.pk: f for f in Forum.objects.filter(is_active=True).select_related("agency")}
    city = next(f for f in forums.values() if f.kind == Forum.Kind.CITY)
    diskominfo = next(f for f in forums.values() if f.agency and f.agency.code == "DISKOMINFO")
    # Writers: a forum's members (agents, role models, kepala, operator); the city forum: every agent and Tim RB.
    members = defaultdict(list)
    for user_id, agency_id in (RoleAssignment.objects.filter(
            is_active=True, role__in=[Role.AGEN, Role.ROLE_MODEL, Role.KEPALA, Role.OPERATOR])
            .values_list("user_id", "agency_id").order_by("user_id")):
        members[agency_id].append(user_id)
    agents = sorted({u for (u, r) in RoleAssignment.objects.filter(is_active=True, role=Role.AGEN)
                     .values_list("user_id", "role")})
    tim_rb = User.objects.get(username="tim.rb").pk
    writers = {fid: members.get(f.agency_id, []) for fid, f in forums.items() if f.agency_id}
    writers[city.pk] = agents + [tim_rb]
    writers = {fid: w for fid, w in writers.items() if w}
    categories = defaultdict(list)
    for c in Category.objects.filter(forum_id__in=writers, moderators_only=False):
        categories[c.forum_id].append(c.pk)

    # Where the posts go: the city forum a quarter, Diskominfo a busy tenth, the rest by number of writers.
    long_sizes = [1000 * scale, 400 * scale, 200 * scale]
    rest = need - sum(long_sizes)
    weights = {fid: len(w) for fid, w in writers.items()}
    weights[city.pk] = 0
    weights[diskominfo.pk] = 0
    spread = sum(weights.values())
    share = {fid: int(rest * 0.65 * w / spread) for fid, w in weights.items()}
    share[city.pk] = int(rest * 0.25)
    share[diskominfo.pk] = rest - sum(v for k, v in share.items() if k != diskominfo.pk)

    bodies = _bodies()
    titles = _titles()
    plan = []  # (forum id, size, long?)
    for fid, total in share.items():
        plan += [(fid, n, False) for n in _topic_sizes(total, rng)]
    plan += [(city.pk, n, True) for n in long_sizes]
    topics, post_plan = [], []
    for fid, size, is_long in plan:
        pool = writers[fid]
        opened = now - dt.timedelta(days=330 if is_long else rng.uniform(1, 360), minutes=rng.randint(0, 600))
        step = (now - opened) / (size + 1)
        times = [opened]
        for _n in range(size - 1):
            times.append(min(now, times[-1] + step * rng.uniform(0.2, 1.8)))
        authors = [rng.choice(pool) for _n in range(size)]
        title = (("Diskusi terbuka: " if is_long else "") + rng.choice(titles))[:200]
        topics.append(Topic(forum_id=fid, category_id=rng.choice(categories[fid]) if categories.get(fid) else None,
                            title=title, author_id=authors[0], created_at=opened, is_pinned=is_long,
                            posts_count=size, last_post_at=times[-1], last_post_author_id=authors[-1]))
        post_plan.append((times, authors))
    Topic.objects.bulk_create(topics, batch_size=2000)
    log(f"{len(topics)} topics", started)

    batch: list[Post] = []
    first_posts = {}
    reads: dict[tuple[int, int], dt.datetime] = {}

    def flush():
        Post.objects.bulk_create(batch, batch_size=2000)
        for p in batch:
            first_posts.setdefault(p.topic_id, p.pk)
        batch.clear()

    for topic, (times, authors) in zip(topics, post_plan, strict=True):
        for at, author in zip(times, authors, strict=True):
            body, html = bodies[rng.randrange(len(bodies))]
            batch.append(Post(topic_id=topic.pk, author_id=author, body=body, body_html=html, created_at=at,
                              subscribers_notified_at=at))
            reads[(author, topic.pk)] = max(at, reads.get((author, topic.pk), at))
        if len(batch) >= 10000:
            flush()
    flush()
    for t in topics:
        t.first_post_id = first_posts[t.pk]
    Topic.objects.bulk_update(topics, ["first_post"], batch_size=2000)
    log(f"{sum(len(a) for _t, a in post_plan)} posts", started)

    # Reactions on about a third of the posts, read states of every writer, authors subscribed to their topics.
    with connection.cursor() as cur:
        cur.execute("SELECT id, topic_id FROM forums_post WHERE topic_id = ANY(%s) AND random() < 0.33",
                    [[t.pk for t in topics]])
        reacted = cur.fetchall()
    forum_of = {t.pk: t.forum_id for t in topics}
    Reaction.objects.bulk_create([
        Reaction(post_id=pid, user_id=rng.choice(writers[forum_of[tid]]), kind=rng.choice(Reaction.Kind.values))
        for pid, tid in reacted], batch_size=5000, ignore_conflicts=True)
    TopicReadState.objects.bulk_create([TopicReadState(user_id=u, topic_id=t, last_read_at=at)
                                        for (u, t), at in reads.items()], batch_size=5000, ignore_conflicts=True)
    Subscription.objects.bulk_create([Subscription(user_id=t.author_id, topic_id=t.pk) for t in topics],
                                     batch_size=5000, ignore_conflicts=True)
    for fid in forums:
        forum_services.recount_forum(fid)
    log(f"{len(reacted)} reactions, {len(reads)} read states, forum counters", started)


# --- evaluations ----------------------------------------------------------------------------------------------

def _extend_cycle(cycle: Cycle) -> int:
    """Assign raters to every subject of the cycle that has none yet (the org data decides, as assignments_generate)."""
    assigned = set(Assignment.objects.filter(cycle=cycle).values_list("subject_id", flat=True).distinct())
    subjects = [s for s in cycle_subjects(cycle).only("pk", "agency_id", "unit_id", "position_type", "superior_id")
                if s.pk not in assigned]
    agency_ids = {s.agency_id for s in subjects}
    superior_ids = {s.superior_id for s in subjects if s.superior_id}
    people = list(Employee.objects.filter(is_active=True).filter(Q(agency_id__in=agency_ids) | Q(pk__in=superior_ids))
                  .only("pk", "agency_id", "unit_id", "position_type", "superior_id"))
    groups = {r.group: r for r in cycle.rater_groups.all()}
    existing = set(Assignment.objects.filter(cycle=cycle).values_list("subject_id", "rater_id"))
    rows = [Assignment(cycle=cycle, subject_id=s, rater_id=r, group=g)
            for s, r, g in plan_assignments(cycle=cycle, subjects=subjects, people=people, groups=groups)
            if (s, r) not in existing]
    Assignment.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _answer(cycle: Cycle, rng: random.Random, *, share: float, when: dt.datetime, skip_raters: set[int]) -> tuple[int, int]:
    """Submit answers for about ``share`` of the cycle's unanswered assignments (the demo's scoring model)."""
    items = list(Item.objects.filter(dimension__instrument=cycle.instrument).order_by("pk"))
    hi = cycle.instrument.scale_max
    pending = list(Assignment.objects.filter(cycle=cycle, response__isnull=True).order_by("pk")
                   .values_list("pk", "subject_id", "rater_id", "group", "subject__agency_id"))
    agency_level = {a: rng.uniform(3.0, 4.3) for a in sorted({p[4] for p in pending})}
    base = {}
    for _pk, subject, _r, _g, agency in pending:
        if subject not in base:
            base[subject] = agency_level[agency] + rng.uniform(-0.4, 0.4)
    chosen = [p for p in pending if p[2] not in skip_raters and rng.random() < share]
    bias = {RaterGroup.SELF: 0.35, RaterGroup.SUPERIOR: -0.1}
    comments = evaluation_demo.COMMENTS
    # Stored as services.response_submit stores a submission (issue 13): the assignment keeps only the record that
    # it was submitted; the answers and comments go, shuffled and with random keys, to the anonymous tables.
    answers, notes = [], []
    # A culture survey keeps its answers by agency only (services.responses._store_submission).
    survey = cycle.instrument.is_survey
    for _pk, subject, _rater, group, agency in chosen:
        level = base[subject] + bias.get(group, 0.0)
        for item in items:
            if group not in item.rater_groups:
                continue
            value = rng.gauss(level, 0.7)
            if item.reverse_scored:
                value = 1 + hi - value
            answers.append((str(uuid.uuid4()), cycle.pk, agency, None if survey else subject, group,
                            item.pk, max(1, min(hi, round(value))), False))
        if rng.random() < 0.2:
            notes.append((str(uuid.uuid4()), cycle.pk, agency, None if survey else subject, group,
                          rng.choice(comments), "pending"))
    rng.shuffle(answers)
    with connection.cursor() as cur:
        execute_values(cur, "INSERT INTO evaluations_response (assignment_id, comment, submitted_at, created_at, "
                            "updated_at) VALUES %s", [(p[0], "", when, when, when) for p in chosen], page_size=5000)
        execute_values(cur, 'INSERT INTO evaluations_submittedanswer (id, cycle_id, agency_id, subject_id, "group", '
                            "item_id, score, straight_lined) VALUES %s", answers, page_size=10000)
        execute_values(cur, 'INSERT INTO evaluations_submittedcomment (id, cycle_id, agency_id, subject_id, "group", '
                            "text, status) VALUES %s", notes, page_size=5000)
    return len(chosen), len(pending)


# The people the benchmark signs in as (bench/pages.py): their own answers go through the service.
BENCH_USERS = ("agen.diskominfo", "pegawai.diskominfo", "operator.diskominfo", "kepala.diskominfo", "tim.rb", "sekda")


def _demo_fill(cycle: Cycle, rng: random.Random, *, share: float, skip_raters=frozenset(), bias=None) -> int:
    """``evaluations.demo._fill`` for the benchmark: the demo submits every answer through the service (~12 queries
    each), which made the ×10 seed take hours (the culture survey alone has ~31,000 submissions there). Here the
    answers of the people the benchmark signs in as still go through the service, so their pages find what a real
    submission leaves (their own pattern, the submission statistics); everyone else's are written in bulk by
    ``_answer``, stored as the service stores them (anonymous tables, shuffled, random keys)."""
    from evaluations import services as evaluation_services

    own = set(User.objects.filter(username__in=BENCH_USERS).exclude(employee=None)
              .values_list("employee_id", flat=True)) - set(skip_raters)
    items = list(Item.objects.filter(dimension__instrument=cycle.instrument).order_by("pk"))
    mine = list(Assignment.objects.filter(cycle=cycle, response__isnull=True, rater_id__in=own).order_by("pk"))
    base = {a.subject_id: 3.8 for a in mine}
    submitted = 0
    for a in mine:
        if rng.random() < share:
            scores = evaluation_demo._scores_for(rng, a, items, base, bias or {}, cycle.instrument.scale_max)
            evaluation_services.response_submit(assignment=a, scores=scores, comment="")
            submitted += 1
    answered, _pending = _answer(cycle, rng, share=share, when=timezone.now(), skip_raters=set(skip_raters) | own)
    return submitted + answered


def seed_evaluations(rng: random.Random, started: float) -> None:
    names = evaluation_demo.cycle_names()
    published = Cycle.objects.get(name=names["published_360"])
    current = Cycle.objects.get(name=names["open_360"])
    skip = set(User.objects.filter(username__in=["agen.diskominfo", "pegawai.diskominfo"])
               .values_list("employee_id", flat=True))
    for cycle, share, when, skip_raters in (
            (published, 0.92, _at(published.opens_on + dt.timedelta(days=11)), set()),
            (current, 0.8, timezone.now() - dt.timedelta(days=2), skip)):
        added = _extend_cycle(cycle)
        answered, pending = _answer(cycle, rng, share=share, when=when, skip_raters=skip_raters)
        log(f"cycle {cycle.pk} ({cycle.status}): +{added} assignments, {answered}/{pending} answered", started)
    # The published cycle's results were frozen when the demo closed it: at city scale they are computed again,
    # once, from all the answers above (as if it had been closed now).
    ResultSnapshot.objects.filter(cycle=published).delete()
    compute_snapshot(published)
    log("published cycle: results computed once (snapshot)", started)


def collect_ids() -> dict:
    """The objects the pages show, chosen the same way at every scale (so that their query counts compare)."""
    year = timezone.localdate().year
    current = ProgramPeriod.objects.get(name=f"Agen Perubahan {year + 1}")
    diskominfo = Agency.objects.get(code="DISKOMINFO")
    longest = Topic.objects.order_by("-posts_count", "pk").first()
    return {
        "diskominfo": diskominfo.pk, "dinkes": Agency.objects.get(code="DINKES").pk,
        "period_open": current.pk,
        # The demo's submitted Diskominfo nomination (waiting for the kepala).
        "nomination": Nomination.objects.filter(agency=diskominfo, period=current, status=S.SUBMITTED)
        .order_by("pk").values_list("pk", flat=True).first(),
        "agent": ChangeAgent.objects.filter(agency=diskominfo).order_by("pk").values_list("pk", flat=True).first(),
        "long_topic": longest.pk, "long_topic_posts": longest.posts_count,
        "city_forum": Forum.objects.get(kind=Forum.Kind.CITY).pk,
        "busy_forum": Forum.objects.filter(kind=Forum.Kind.AGENCY).order_by("-posts_count", "pk").first().pk,
        "cycle_published": Cycle.objects.get(name=evaluation_demo.cycle_names()["published_360"]).pk,
        "cycle_open": Cycle.objects.get(name=evaluation_demo.cycle_names()["open_360"]).pk,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--ids-only", action="store_true", help="only (re)write bench/out/ids_<scale>.json")
    args = parser.parse_args()
    started = time.monotonic()
    rng = random.Random(2026 + args.scale)
    if not args.ids_only:
        evaluation_demo._fill = _demo_fill  # the demo's answers in bulk (see _demo_fill)
        call_command("seed_demo", employees=EMPLOYEES * args.scale)
        log("seed_demo", started)
        with transaction.atomic():
            seed_agents(args.scale, rng, started)
        with transaction.atomic():
            seed_forums(args.scale, rng, started)
        with transaction.atomic():
            seed_evaluations(rng, started)
        with connection.cursor() as cur:  # fresh planner statistics, as a live database would have
            cur.execute("VACUUM ANALYZE")
        log("vacuum analyze", started)
    ids = collect_ids()
    counts = {
        "agencies_top_level": Agency.objects.top_level().count(), "employees": Employee.objects.count(),
        "agents_current": ChangeAgent.objects.active().agents().count(), "nominations": Nomination.objects.count(),
        "topics": Topic.objects.count(), "posts": Post.objects.count(),
        "assignments_360": Assignment.objects.filter(cycle__instrument__kind="360").count(),
        "responses_360": Response.objects.filter(assignment__cycle__instrument__kind="360").count(),
    }
    print("  counts:", json.dumps(counts), flush=True)
    ids["counts"] = counts
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / f"ids_{args.scale}.json").write_text(json.dumps(ids, indent=2))


if __name__ == "__main__":
    main()
