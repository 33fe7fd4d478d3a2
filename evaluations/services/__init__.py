"""Every business write of the evaluations app: instruments and their versions, cycles and their lifecycle,
rater assignment, and answers. Views, serializers and tasks call these; none repeats their rules."""

from ._base import ALREADY_SUBMITTED, CYCLE_NOT_ACCEPTING, CYCLE_NOT_DRAFT, NOT_ALLOWED
from .cycles import (
    assignment_add,
    assignment_remove,
    assignments_generate,
    cycle_close,
    cycle_create,
    cycle_open,
    cycle_publish,
    cycle_straight_lining_set,
    cycle_subjects,
    cycle_update,
    plan_assignments,
    rater_groups_update,
)
from .instruments import (
    dimension_save,
    instrument_create,
    instrument_editable,
    instrument_freeze,
    instrument_new_version,
    instrument_update,
    item_delete,
    item_save,
)
from .responses import AnswerErrors, comment_review, response_save, response_submit

__all__ = [
    "ALREADY_SUBMITTED", "CYCLE_NOT_ACCEPTING", "CYCLE_NOT_DRAFT", "NOT_ALLOWED", "AnswerErrors", "assignment_add",
    "assignment_remove", "assignments_generate", "comment_review", "cycle_close", "cycle_create", "cycle_open", "cycle_publish",
    "cycle_straight_lining_set",
    "cycle_subjects", "cycle_update", "dimension_save", "instrument_create", "instrument_editable",
    "instrument_freeze", "instrument_new_version", "instrument_update", "item_delete", "item_save",
    "plan_assignments", "rater_groups_update", "response_save", "response_submit",
]
