"""Demo data: the default instruments, a published 360° cycle and a published culture survey with results, and an
open 360° cycle in which ``pegawai.diskominfo`` (as a peer) and ``agen.diskominfo`` (self-assessment) have
pending assignments.

Every date is relative to today, and the cycles are named after their dates (``cycle_names``): the demo follows
the real calendar. Idempotent (a cycle that already exists, by name, is left alone) and deterministic
(``random.Random(seed)``). Answers are submitted through ``services.response_submit`` (stored anonymously, like
every rater's); historical cycles are opened directly (without reminders), closed through the service (results
computed and frozen), their comments released as Tim RB would, and dated.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from organization.models import Agency, Employee, Role, User

from . import disclosure, services
from .defaults import BEHAVIOUR_360_CODE, CULTURE_SURVEY_CODE, ensure_default_instruments
from .models import Assignment, Cycle, Instrument, Item, RaterGroup, SubmittedComment

# How long ago each demo cycle opened. The published 360° and the open one are more than a semester apart, so
# their names (by semester) never collide.
SURVEY_OPENED_AGO = dt.timedelta(days=420)
PUBLISHED_360_OPENED_AGO = dt.timedelta(days=210)
OPEN_360_OPENED_AGO = dt.timedelta(days=10)
SURVEY_AGENCIES = ["DISKOMINFO", "DINKES", "SETDA", "BKPSDM", "DISDUKCAPIL", "KEC-COBLONG", "DISHUB", "BAPENDA"]

COMMENTS = [
    "Selalu sigap membantu rekan yang kesulitan, terutama saat tenggat laporan.",
    "Perlu lebih sering berbagi informasi perkembangan pekerjaan dengan tim.",
    "Menjadi contoh dalam kedisiplinan waktu dan kerapian dokumen.",
    "Ide-ide perbaikan layanannya bagus; semoga pelaksanaannya lebih konsisten.",
    "Komunikasi dengan masyarakat sangat ramah dan jelas.",
    "Sebaiknya lebih terbuka menerima masukan dari bawahan.",
    "Aktif mengajak unit lain berkolaborasi dalam kegiatan sosialisasi.",
    "Sudah baik, pertahankan semangat belajar hal-hal baru.",
]


def _user(username: str) -> User | None:
    return User.objects.select_related("employee").filter(username=username).first()


def _scores_for(rng: random.Random, assignment: Assignment, items: list[Item], base: dict[int, float],
                bias: dict[str, float], hi: int) -> dict[int, int]:
    level = base[assignment.subject_id] + bias.get(assignment.group, 0.0)
    scores = {}
    for item in items:
        if assignment.group not in item.rater_groups:
            continue
        value = rng.gauss(level, 0.7)
        if item.reverse_scored:
            value = 1 + hi - value
        scores[item.pk] = max(1, min(hi, round(value)))
    return scores


def _fill(cycle: Cycle, rng: random.Random, *, share: float, skip_raters: set[int] = frozenset(),
          bias: dict[str, float] | None = None) -> int:
    """Submit answers for about ``share`` of the cycle's assignments (never for ``skip_raters``), through the same
    service as every rater (services.response_submit): the demo's figures come from anonymously stored answers,
    like real ones. The cycle must be open."""
    instrument = cycle.instrument
    items = list(Item.objects.filter(dimension__instrument=instrument).order_by("pk"))
    assignments = list(Assignment.objects.filter(cycle=cycle, response__isnull=True).order_by("pk"))
    subjects = sorted({a.subject_id for a in assignments})
    agency_of = dict(Employee.objects.filter(pk__in=subjects).values_list("pk", "agency_id"))
    agency_level = {a: rng.uniform(3.0, 4.3) for a in sorted(set(agency_of.values()))}
    base = {s: agency_level[agency_of[s]] + rng.uniform(-0.4, 0.4) for s in subjects}
    chosen = [a for a in assignments if a.rater_id not in skip_raters and rng.random() < share]
    for a in chosen:
        scores = _scores_for(rng, a, items, base, bias or {}, instrument.scale_max)
        comment = rng.choice(COMMENTS) if rng.random() < 0.2 else ""
        services.response_submit(assignment=a, scores=scores, comment=comment)
    return len(chosen)


def _close_and_publish(cycle: Cycle, tim: User, *, opened, closed, published) -> None:
    """Close through the service (the results are computed and frozen), release every comment the rule allows
    (as Tim RB would after reading them), then date the history."""
    services.cycle_close(cycle=cycle, by=tim)
    for comment in disclosure.reviewable_comments(cycle):
        services.comment_review(comment=comment, by=tim, status=SubmittedComment.Status.PUBLISHED)
    _set_status(cycle, Cycle.Status.PUBLISHED, opened=opened, closed=closed, published=published)


def _ensure_peers(cycle: Cycle, subject: Employee, *, extra: list[Employee], want: int = 3) -> None:
    """Add ``extra`` as peers of a demo subject, then colleagues of the same sub-unit until there are ``want``."""
    taken = set(Assignment.objects.filter(cycle=cycle, subject=subject).values_list("rater_id", flat=True))
    have = Assignment.objects.filter(cycle=cycle, subject=subject, group=RaterGroup.PEER).count()
    pool = Employee.objects.filter(is_active=True, agency_id=subject.agency_id).exclude(pk=subject.pk)
    if subject.unit_id:
        pool = pool.filter(unit_id=subject.unit_id)
    candidates = list(extra) + list(pool.exclude(pk=subject.superior_id or 0).order_by("pk")[:20])
    for n, employee in enumerate(candidates):
        if employee.pk in taken or employee.pk == subject.pk or (n >= len(extra) and have >= want):
            continue
        Assignment.objects.create(cycle=cycle, subject=subject, rater=employee, group=RaterGroup.PEER, is_manual=True)
        taken.add(employee.pk)
        have += 1


def _semester(day: dt.date) -> str:
    return f"Semester {'I' if day.month <= 6 else 'II'} {day.year}"


def cycle_names(today: dt.date | None = None) -> dict[str, str]:
    """The names of the demo cycles seeded on ``today``: ``published_survey``, ``published_360``, ``open_360``."""
    today = today or timezone.localdate()
    return {
        "published_survey": f"Survei Budaya Kerja BerAKHLAK {(today - SURVEY_OPENED_AGO).year}",
        "published_360": f"Penilaian 360° Agen Perubahan — {_semester(today - PUBLISHED_360_OPENED_AGO)}",
        "open_360": f"Penilaian 360° Agen Perubahan — {_semester(today - OPEN_360_OPENED_AGO)}",
    }


def _set_status(cycle: Cycle, status: str, *, opened, closed=None, published=None) -> None:
    Cycle.objects.filter(pk=cycle.pk).update(status=status, opened_at=opened, closed_at=closed, published_at=published)


def _aware(d: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(d, dt.time(hour)))


@transaction.atomic
def seed(*, seed: int = 2026, stdout=None) -> None:
    rng = random.Random(seed)
    ensure_default_instruments()
    tim = _user("tim.rb")
    if tim is None:
        return
    inst360 = Instrument.objects.filter(code=BEHAVIOUR_360_CODE).order_by("version").first()
    survey = Instrument.objects.filter(code=CULTURE_SURVEY_CODE).order_by("version").first()
    agen = _user("agen.diskominfo")
    pegawai = _user("pegawai.diskominfo")
    demo_agents = [u.employee for u in User.objects.select_related("employee").filter(
        roles__role__in=[Role.AGEN, Role.ROLE_MODEL], roles__is_active=True, employee__isnull=False).distinct()]
    made = []
    today = timezone.localdate()
    names = cycle_names(today)
    day = dt.timedelta(days=1)

    if not Cycle.objects.filter(name=names["published_survey"]).exists():
        agencies = list(Agency.objects.filter(code__in=SURVEY_AGENCIES))
        opens = today - SURVEY_OPENED_AGO
        cycle = services.cycle_create(by=tim, name=names["published_survey"], instrument=survey, opens_on=opens,
                                      closes_on=opens + 18 * day, subject_mode=Cycle.SubjectMode.AGENCIES,
                                      agencies=agencies)
        services.assignments_generate(cycle=cycle, by=tim)
        _set_status(cycle, Cycle.Status.OPEN, opened=_aware(opens))
        cycle.status = Cycle.Status.OPEN
        _fill(cycle, rng, share=0.75)
        _close_and_publish(cycle, tim, opened=_aware(opens), closed=_aware(opens + 19 * day),
                           published=_aware(opens + 28 * day))
        made.append(cycle)

    if not Cycle.objects.filter(name=names["published_360"]).exists():
        opens = today - PUBLISHED_360_OPENED_AGO
        cycle = services.cycle_create(by=tim, name=names["published_360"], instrument=inst360, opens_on=opens,
                                      closes_on=opens + 18 * day)
        services.assignments_generate(cycle=cycle, by=tim)
        for subject in demo_agents:
            _ensure_peers(cycle, subject, extra=[])
        _set_status(cycle, Cycle.Status.OPEN, opened=_aware(opens))
        cycle.status = Cycle.Status.OPEN
        _fill(cycle, rng, share=0.88, bias={RaterGroup.SELF: 0.35, RaterGroup.SUPERIOR: -0.1})
        _close_and_publish(cycle, tim, opened=_aware(opens), closed=_aware(opens + 19 * day),
                           published=_aware(opens + 29 * day))
        made.append(cycle)

    if not Cycle.objects.filter(name=names["open_360"]).exists():
        cycle = services.cycle_create(by=tim, name=names["open_360"], instrument=inst360,
                                      opens_on=today - OPEN_360_OPENED_AGO, closes_on=today + 14 * day)
        services.assignments_generate(cycle=cycle, by=tim)
        for subject in demo_agents:
            extra = [pegawai.employee] if agen and pegawai and pegawai.employee_id and subject.pk == agen.employee_id else []
            _ensure_peers(cycle, subject, extra=extra)
        services.cycle_open(cycle=cycle, by=tim)
        skip = {u.employee_id for u in (agen, pegawai) if u and u.employee_id}
        _fill(cycle, rng, share=0.45, skip_raters=skip, bias={RaterGroup.SELF: 0.3})
        made.append(cycle)

    if stdout and made:
        stdout.write(f"Evaluasi: {len(made)} siklus demo ({', '.join(c.name for c in made)}).")
