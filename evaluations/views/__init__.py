"""Evaluation pages, split by topic: answering (raters and subjects), instruments, cycles, results."""

from .answering import answer, index, my_report, my_report_pdf
from .cycles import (
    assignment_remove,
    assignments_generate,
    cycle_assignments,
    cycle_close,
    cycle_comments,
    cycle_create,
    cycle_detail,
    cycle_edit,
    cycle_history,
    cycle_list,
    cycle_open,
    cycle_publish,
)
from .instruments import (
    dimension_form,
    instrument_create,
    instrument_detail,
    instrument_edit,
    instrument_list,
    instrument_new_version,
    item_delete,
    item_form,
)
from .results import results, results_pdf, results_xlsx, subject_result, subject_result_pdf

__all__ = [
    "answer", "assignment_remove", "assignments_generate", "cycle_assignments", "cycle_close", "cycle_comments", "cycle_create",
    "cycle_detail", "cycle_edit", "cycle_history", "cycle_list", "cycle_open", "cycle_publish", "dimension_form", "index",
    "instrument_create", "instrument_detail", "instrument_edit", "instrument_list", "instrument_new_version",
    "item_delete", "item_form", "my_report", "my_report_pdf", "results", "results_pdf", "results_xlsx",
    "subject_result", "subject_result_pdf",
]
