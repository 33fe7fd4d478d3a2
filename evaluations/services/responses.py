"""Answers to assignments: drafts and submission."""

from __future__ import annotations

import random
from collections.abc import Mapping
from statistics import pstdev

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import Employee, User

from .. import permissions
from ..models import (
    Answer,
    Assignment,
    Item,
    RaterGroup,
    RaterPattern,
    Response,
    SubmissionStat,
    SubmittedAnswer,
    SubmittedComment,
)
from ._base import (
    ALREADY_SUBMITTED,
    CYCLE_NOT_ACCEPTING,
    NOT_ALLOWED,
)

# --- answering ----------------------------------------------------------------------------------------------

def _parse_answers(answers) -> tuple[dict[int, object], list[str]]:
    """Accept ``[{"item": id, "score": n}, …]`` or ``{item_id: score}``; return ({item id: raw score}, errors)."""
    errors: list[str] = []
    pairs: dict[int, object] = {}
    if isinstance(answers, Mapping):
        raw = [{"item": k, "score": v} for k, v in answers.items()]
    else:
        raw = list(answers or [])
    for entry in raw:
        if not isinstance(entry, Mapping) or "item" not in entry:
            errors.append(_("Setiap jawaban harus berisi 'item' dan 'score'."))
            continue
        try:
            item_id = int(entry["item"])
        except (TypeError, ValueError):
            errors.append(_("Butir %(item)s tidak dikenal.") % {"item": entry.get("item")})
            continue
        pairs[item_id] = entry.get("score")
    return pairs, errors


def _as_score(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None


class AnswerErrors(ValidationError):
    """A ValidationError that also says which items are wrong (the answer page highlights them)."""

    def __init__(self, messages: dict, item_errors: dict[int, str]):
        super().__init__(messages)
        self.item_errors = item_errors


@transaction.atomic
def response_save(*, assignment: Assignment, by: User, answers, comment: str = "", submit: bool = False) -> Response:
    """Save a rater's answers as a draft, or submit them (every item required). Nothing after the close."""
    assignment = (Assignment.objects.select_for_update().select_related("cycle", "cycle__instrument")
                  .get(pk=assignment.pk))
    if by.employee_id != assignment.rater_id:
        raise PermissionDenied(_(NOT_ALLOWED))
    if not permissions.can_answer(by, assignment):
        raise PermissionDenied(_(CYCLE_NOT_ACCEPTING))
    response, _created = Response.objects.get_or_create(assignment=assignment)
    if response.submitted_at:
        raise PermissionDenied(_(ALREADY_SUBMITTED))
    instrument = assignment.cycle.instrument
    items = [i for i in Item.objects.filter(dimension__instrument=instrument).order_by("dimension__order", "order", "pk")
             if assignment.group in i.rater_groups]
    numbers = {i.pk: n for n, i in enumerate(items, start=1)}
    pairs, errors = _parse_answers(answers)
    item_errors: dict[int, str] = {}
    scores: dict[int, int] = {}
    lo, hi = instrument.scale_min, instrument.scale_max
    for item_id, raw in pairs.items():
        if item_id not in numbers:
            errors.append(_("Butir %(item)s bukan bagian dari penilaian ini.") % {"item": item_id})
            continue
        if raw in (None, ""):
            continue
        score = _as_score(raw)
        if score is None or not lo <= score <= hi:
            item_errors[item_id] = _("Butir %(n)d: pilih nilai %(lo)d sampai %(hi)d.") % {
                "n": numbers[item_id], "lo": lo, "hi": hi}
            continue
        scores[item_id] = score
    existing = {a.item_id: a for a in response.answers.all()}
    if submit:
        answered = set(scores) | {i for i in existing if i in numbers}
        for item in items:
            if item.pk not in answered and item.pk not in item_errors:
                item_errors[item.pk] = _("Butir %(n)d belum dijawab.") % {"n": numbers[item.pk]}
    comment = (comment or "").strip()
    messages: dict[str, list[str]] = {}
    if errors or item_errors:
        messages["answers"] = errors + [item_errors[i.pk] for i in items if i.pk in item_errors]
    if len(comment) > 2000:
        messages["comment"] = [_("Komentar paling banyak 2000 karakter.")]
    elif "\x00" in comment:  # PostgreSQL refuses NUL in text: a message, never a 500 (as Django's form fields do)
        messages["comment"] = [_("Komentar berisi karakter yang tidak diizinkan (NUL); hapus lalu kirim lagi.")]
    if messages:
        raise AnswerErrors(messages, item_errors)
    if submit:
        final = {i: a.score for i, a in existing.items() if i in numbers} | scores
        return _store_submission(assignment=assignment, response=response, scores=final, comment=comment)
    Answer.objects.bulk_create([Answer(response=response, item_id=i, score=s) for i, s in scores.items()
                                if i not in existing])
    changed = [a for i, a in existing.items() if i in scores and a.score != scores[i]]
    for a in changed:
        a.score = scores[a.item_id]
    Answer.objects.bulk_update(changed, ["score"])
    response.comment = comment
    response.save()
    return response


_shuffle = random.SystemRandom().shuffle


def submission_pattern(scores: Mapping[int, int], items: Mapping[int, tuple[int, bool]], lo: int, hi: int) -> dict:
    """The pattern of one submission: item → score, ``items`` item → (dimension id, reverse scored)."""
    raw = [float(v) for v in scores.values()]
    flipped = {i: float(lo + hi - v if items[i][1] else v) for i, v in scores.items()}
    by_value: dict[int, list[float]] = {}
    for item_id, value in flipped.items():
        by_value.setdefault(items[item_id][0], []).append(value)
    value_means = [sum(v) / len(v) for v in by_value.values()]
    return {"items": len(raw), "mean": sum(flipped.values()) / len(raw), "spread": pstdev(raw),
            "extreme_share": sum(1 for v in raw if v in (lo, hi)) / len(raw),
            "value_spread": pstdev(value_means) if len(value_means) > 1 else None}


def is_straight_lined(scores: Mapping[int, int]) -> bool:
    """The same answer to every item (two items or more): what ``Cycle.exclude_straight_lined`` leaves out."""
    return len(scores) > 1 and len(set(scores.values())) == 1


def _store_pattern(*, assignment: Assignment, agency_id: int, subject_id: int | None,
                   scores: Mapping[int, int]) -> None:
    if not scores:
        return
    instrument = assignment.cycle.instrument
    items = {pk: (dim, rev) for pk, dim, rev in Item.objects.filter(pk__in=list(scores))
             .values_list("pk", "dimension_id", "reverse_scored")}
    pattern = submission_pattern(scores, items, instrument.scale_min, instrument.scale_max)
    SubmissionStat.objects.create(cycle_id=assignment.cycle_id, agency_id=agency_id, subject_id=subject_id,
                                  group=assignment.group, **pattern)
    _add_to_rater_pattern(assignment, scores, pattern)


def _add_to_rater_pattern(assignment: Assignment, scores: Mapping[int, int], pattern: dict) -> None:
    """Add one submission to the rater's own running totals (RaterPattern: no per-subject figure is kept)."""
    raw = [float(v) for v in scores.values()]
    about_others = assignment.group != RaterGroup.SELF
    # F() updates add in the database: concurrent submissions of the same rater (two tabs) cannot lose a count.
    row, _created = RaterPattern.objects.get_or_create(
        key=RaterPattern.key_for(assignment.cycle_id, assignment.rater_id), defaults={"cycle_id": assignment.cycle_id})
    RaterPattern.objects.filter(pk=row.pk).update(
        submissions=F("submissions") + 1, answers=F("answers") + len(raw),
        flipped_sum=F("flipped_sum") + pattern["mean"] * len(raw), raw_sum=F("raw_sum") + sum(raw),
        raw_squares=F("raw_squares") + sum(v * v for v in raw),
        straight_lined=F("straight_lined") + int(is_straight_lined(scores)),
        others_submissions=F("others_submissions") + int(about_others),
        others_mean_sum=F("others_mean_sum") + (pattern["mean"] if about_others else 0.0))


def _store_submission(*, assignment: Assignment, response: Response, scores: Mapping[int, int],
                      comment: str) -> Response:
    """Store submitted answers apart from the rater (issue 13, docs/evaluations.md "Anonymous storage").

    The answers and the comment are written to SubmittedAnswer/SubmittedComment keyed only by cycle, subject and
    rater group, with random UUID keys, in shuffled order and without timestamps; the draft rows (which know the
    assignment) are deleted; the assignment keeps only the record that it was submitted."""
    # In a culture survey the subject is the respondent: there the answers are kept by agency only.
    subject_id = None if assignment.cycle.instrument.is_survey else assignment.subject_id
    agency_id = Employee.objects.filter(pk=assignment.subject_id).values_list("agency_id", flat=True).get()
    flat = is_straight_lined(scores)
    rows = [SubmittedAnswer(cycle_id=assignment.cycle_id, agency_id=agency_id, subject_id=subject_id,
                            group=assignment.group, item_id=item_id, score=score, straight_lined=flat)
            for item_id, score in scores.items()]
    _shuffle(rows)
    SubmittedAnswer.objects.bulk_create(rows)
    _store_pattern(assignment=assignment, agency_id=agency_id, subject_id=subject_id, scores=scores)
    if comment:
        SubmittedComment.objects.create(cycle_id=assignment.cycle_id, agency_id=agency_id, subject_id=subject_id,
                                        group=assignment.group, text=comment)
    Answer.objects.filter(response=response).delete()
    response.comment = ""
    response.submitted_at = timezone.now()
    response.save()
    return response


@transaction.atomic
def response_submit(*, assignment: Assignment, scores: Mapping[int, int], comment: str = "") -> Response:
    """Submit a complete set of answers for an assignment of an open cycle, on the rater's behalf (the demo and
    data imports; people answer through :func:`response_save`). Same checks on the answers, same anonymous storage."""
    assignment = (Assignment.objects.select_for_update().select_related("cycle", "cycle__instrument")
                  .get(pk=assignment.pk))
    if assignment.cycle.status != assignment.cycle.Status.OPEN:
        raise PermissionDenied(_(CYCLE_NOT_ACCEPTING))
    response, _created = Response.objects.get_or_create(assignment=assignment)
    if response.submitted_at:
        raise PermissionDenied(_(ALREADY_SUBMITTED))
    instrument = assignment.cycle.instrument
    wanted = {i.pk for i in Item.objects.filter(dimension__instrument=instrument) if assignment.group in i.rater_groups}
    lo, hi = instrument.scale_min, instrument.scale_max
    if set(scores) != wanted or any(not lo <= int(v) <= hi for v in scores.values()):
        raise ValidationError({"answers": [_("Setiap butir harus dijawab dengan nilai %(lo)d sampai %(hi)d.")
                                           % {"lo": lo, "hi": hi}]})
    return _store_submission(assignment=assignment, response=response, scores=scores,
                             comment=(comment or "").strip()[:2000])


# --- comment review --------------------------------------------------------------------------------------------

COMMENT_STATUS_UNKNOWN = "Status komentar harus 'published' (tampilkan) atau 'hidden' (sembunyikan)."
COMMENT_NOT_REVIEWABLE = "Komentar ini tidak dapat ditinjau: kelompok penilainya terlalu kecil untuk ditampilkan."


@transaction.atomic
def comment_review(*, comment: SubmittedComment, by: User, status: str) -> SubmittedComment:
    """Tim RB releases (``published``) or hides one comment of a closed cycle. Only comments of groups whose
    answers the disclosure rule shows can be released (disclosure.reviewable_comments)."""
    from ..disclosure import reviewable_comments

    if not permissions.can_review_comments(by, comment.cycle):
        raise PermissionDenied(_(NOT_ALLOWED))
    if status not in (SubmittedComment.Status.PUBLISHED, SubmittedComment.Status.HIDDEN):
        raise ValidationError({"status": [_(COMMENT_STATUS_UNKNOWN)]})
    if not reviewable_comments(comment.cycle).filter(pk=comment.pk).exists():
        raise ValidationError({"status": [_(COMMENT_NOT_REVIEWABLE)]})
    SubmittedComment.objects.filter(pk=comment.pk).update(status=status)
    comment.status = status
    return comment
