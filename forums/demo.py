"""Demo forums: lively discussions about change projects in several agencies and in the city forum.

Idempotent (a thread whose title already exists in its forum is skipped; accounts are fetched by username) and
deterministic for a seed. Content is written straight to the tables (no notifications or e-mails for the demo),
then the counters are recomputed.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from organization.models import Agency, Employee, Role, RoleAssignment, User

from . import services
from .demo_content import AGENCY_THREADS, CITY_THREADS, EXTRA_AGENTS
from .models import Category, Forum, Mention, Post, Reaction, Subscription, Topic, TopicReadState
from .rendering import mentioned_usernames, render_markdown

STAFF_POSITIONS = ["pelaksana", "fungsional_keahlian", "fungsional_keterampilan"]


def _extra_agent(agency: Agency, number: int, rng: random.Random) -> User:
    """``agen<number>.<agency>``: an employee of the agency with a user account and the agen role."""
    username = f"agen{number}.{agency.code.lower()}"
    user = User.objects.filter(username=username).first()
    if user is None:
        candidates = list(Employee.objects.filter(agency=agency, user__isnull=True, is_active=True,
                                                  position_type__in=STAFF_POSITIONS).order_by("pk")[:200])
        employee = rng.choice(candidates) if candidates else None
        first, _sp, last = (employee.name if employee else username).partition(" ")
        user = User(username=username, first_name=first, last_name=last, employee=employee,
                    email=employee.email if employee else "")
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    RoleAssignment.objects.get_or_create(user=user, role=Role.AGEN, agency=agency)
    return user


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _agency_writers(agency: Agency, extras: list[User]) -> list[User]:
    """Slots 0–3 agents, 4 the operator, 5 the kepala (falling back to agents when the demo has none)."""
    code = agency.code.lower()
    agents = [u for u in [_user(f"agen.{code}"), *extras] if u]
    operator = _user(f"operator.{code}") or agents[-1]
    kepala = _user(f"kepala.{code}") or agents[0]
    return [agents[i % len(agents)] for i in range(4)] + [operator, kepala]


def _write_thread(forum: Forum, category: Category | None, title: str, messages: list, writers: list[User],
                  rng: random.Random, now: dt.datetime) -> bool:
    if Topic.objects.filter(forum=forum, title=title).exists():
        return False
    mentions = {f"m{i}": f"@{u.username}" for i, u in enumerate(writers)}
    opener_idx, opener_days, _body = messages[0]
    opened_at = now - dt.timedelta(days=opener_days, hours=rng.randint(0, 5), minutes=rng.randint(0, 59))
    topic = Topic.objects.create(forum=forum, category=category, title=title, author=writers[opener_idx],
                                 created_at=opened_at, last_post_at=opened_at)
    posts = []
    for idx, days, body in messages:
        body = body.format(**mentions)
        created = opened_at if not posts else max(
            posts[-1].created_at + dt.timedelta(minutes=7),
            now - dt.timedelta(days=days, hours=rng.randint(0, 6), minutes=rng.randint(0, 59)))
        posts.append(Post.objects.create(topic=topic, author=writers[idx], body=body,
                                         body_html=render_markdown(body), created_at=min(created, now),
                                         subscribers_notified_at=now))
    topic.first_post = posts[0]
    topic.save(update_fields=["first_post"])
    by_name = {u.username: u for u in writers}
    Mention.objects.bulk_create([
        Mention(post=p, user=by_name[name], created_at=p.created_at)
        for p in posts for name in mentioned_usernames(p.body_html) if name in by_name and name != p.author.username
    ], ignore_conflicts=True)
    reactions = []
    for p in posts:
        others = [u for u in {u.pk: u for u in writers}.values() if u.pk != p.author_id]
        for u in rng.sample(others, k=min(len(others), rng.randint(0, 3))):
            reactions.append(Reaction(post=p, user=u, kind=rng.choice(Reaction.Kind.values)))
    Reaction.objects.bulk_create(reactions, ignore_conflicts=True)
    Subscription.objects.get_or_create(user=topic.author, topic=topic)
    # Each writer has read the topic up to their own last message: later replies show as unread.
    last_by_author = {}
    for p in posts:
        last_by_author[p.author_id] = p.created_at
    TopicReadState.objects.bulk_create([
        TopicReadState(user_id=uid, topic=topic, last_read_at=at) for uid, at in last_by_author.items()
    ], ignore_conflicts=True)
    services.recount_topic(topic.pk)
    return True


def _categories(forum: Forum) -> dict[str, Category]:
    return {c.name: c for c in Category.objects.filter(forum=forum)}


@transaction.atomic
def _link_projects(agencies) -> None:
    """The first "Aksi Perubahan" topic of each demo agency follows that agency's first change project."""
    from agents.models import ChangeProject

    for agency in agencies:
        project = ChangeProject.objects.filter(agency=agency).order_by("pk").first()
        if project is None or Topic.objects.filter(forum__agency=agency, project__isnull=False).exists():
            continue
        topic = (Topic.objects.filter(forum__agency=agency, category__name="Aksi Perubahan").order_by("pk").first()
                 or Topic.objects.filter(forum__agency=agency).order_by("pk").first())
        if topic:
            Topic.objects.filter(pk=topic.pk).update(project=project)


def seed(*, seed: int = 2026, stdout=None) -> None:
    rng = random.Random(seed)
    services.forum_sync_all()
    now = timezone.now().replace(second=0, microsecond=0)
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[c for c, _n in EXTRA_AGENTS])}
    extras = {code: [_extra_agent(agencies[code], i + 2, rng) for i in range(n)]
              for code, n in EXTRA_AGENTS if code in agencies}
    written = 0
    all_writers: dict[int, User] = {}
    for code, threads in AGENCY_THREADS.items():
        agency = agencies.get(code)
        if agency is None:
            continue
        forum = Forum.objects.get(agency=agency)
        writers = _agency_writers(agency, extras.get(code, []))
        all_writers.update({u.pk: u for u in writers})
        cats = _categories(forum)
        for category, title, messages in threads:
            written += _write_thread(forum, cats.get(category), title, messages, writers, rng, now)
        services.recount_forum(forum.pk)
    city = Forum.objects.get(kind=Forum.Kind.CITY)
    city_writers = [u for u in [
        _user("agen.diskominfo"), (extras.get("DISDUKCAPIL") or [None])[0], _user("tim.rb"), _user("agen.dinkes"),
        (extras.get("DPMPTSP") or [None])[0],
    ] if u]
    if len(city_writers) == 5:
        all_writers.update({u.pk: u for u in city_writers})
        cats = _categories(city)
        for category, title, messages in CITY_THREADS:
            written += _write_thread(city, cats.get(category), title, messages, city_writers, rng, now)
        services.recount_forum(city.pk)
    _link_projects(agencies.values())
    # The demo accounts existed before this activity (so newer replies count as unread for them).
    joined = now - dt.timedelta(days=120)
    User.objects.filter(pk__in=list(all_writers), date_joined__gt=joined).update(date_joined=joined)
    if stdout:
        stdout.write(f"Forum: {written} topik demo baru; {sum(len(v) for v in extras.values())} akun agen tambahan tersedia "
                     f"(agen2.diskominfo … kata sandi demo).")
