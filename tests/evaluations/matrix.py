"""Evaluation entries for the project's access matrix (tests/proof/matrix.py: ``MATRIX.update(EVALUATIONS_MATRIX)``).

Same format: ``url`` gets the matrix objects (unused here: evaluation objects are made on first use through the
app's services, idempotently, by name); ``expect`` maps a demo username ("*" for everyone else, "anonymous") to
the answer. The rules (evaluations/permissions.py, docs/evaluations.md "Who sees what"):

- Tim RB (and admin) manage instruments and cycles; nobody else sees an instrument or a draft cycle (404).
- Pimpinan reads every agency's aggregates, kepala/operator their own agency's (another agency → 404); they see a
  cycle once it has opened, but may not manage it (403).
- A rater sees only their own assignment (everyone else → 404, Tim RB included).
- Individual reports: Tim RB any subject; a subject their own once the cycle is published (others → 404).

Write actions use harmless or invalid data, so the matrix checks the rule, not the effect: opening a cycle whose
instrument has no statements is refused with a message (the cycle stays a draft), an answer submitted without
scores comes back with its errors (400), and a lifecycle step out of order (close a published cycle, publish an
open one, remove a rater once open) is refused for everyone in scope (403). The allowed transitions themselves
are tested in tests/evaluations.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

MANAGERS = ("admin", "tim.rb")
READERS = ("sekda", "kepala.diskominfo", "operator.diskominfo", "kepala.dinkes", "operator.dinkes")
DISKOMINFO_READERS = ("sekda", "kepala.diskominfo", "operator.diskominfo")
ALL_SIGNED_IN = {"anonymous": "login", "*": 200}

PREFIX = "Matriks akses"
EMPTY_INSTRUMENT_CODE = "matriks-akses-kosong"


def only(allowed: dict, default=404) -> dict:
    return {"anonymous": "login", "*": default, **allowed}


def managers(code, default=404) -> dict:
    return only(dict.fromkeys(MANAGERS, code), default=default)


def _user(username):
    from organization.models import User

    return User.objects.select_related("employee").get(username=username)


def instrument_360():
    """Version 1 of the default 360° instrument (frozen once a matrix cycle uses it)."""
    from evaluations.defaults import BEHAVIOUR_360_CODE, ensure_default_instruments
    from evaluations.models import Instrument

    ensure_default_instruments()
    return Instrument.objects.get(code=BEHAVIOUR_360_CODE, version=1)


def used_instrument():
    """Version 1 of the 360° instrument once a cycle uses it: frozen, so edits land in a new version."""
    open_cycle()
    return instrument_360()


def first_item():
    from evaluations.models import Item

    return Item.objects.filter(dimension__instrument=instrument_360()).select_related("dimension").order_by("pk").first()


def empty_instrument():
    """An instrument without statements: a cycle that uses it cannot be opened."""
    from evaluations import services
    from evaluations.defaults import FREQUENCY_SCALE
    from evaluations.models import Instrument

    instrument = Instrument.objects.filter(code=EMPTY_INSTRUMENT_CODE).order_by("version").first()
    if instrument is None:
        instrument = services.instrument_create(by=_user("tim.rb"), code=EMPTY_INSTRUMENT_CODE,
                                                name=f"{PREFIX}: instrumen tanpa butir",
                                                scale_labels=FREQUENCY_SCALE)
    return instrument


def draft_cycle():
    from django.utils import timezone

    from evaluations import services
    from evaluations.models import Cycle

    name = f"{PREFIX}: siklus draf"
    cycle = Cycle.objects.filter(name=name).first()
    if cycle is None:
        today = timezone.localdate()
        cycle = services.cycle_create(by=_user("tim.rb"), name=name, instrument=empty_instrument(),
                                      opens_on=today, closes_on=today + dt.timedelta(days=14))
    return cycle


def _started_cycle(name, *, opens_on, closes_on):
    """A 360° cycle of the active agents, opened, with ``pegawai.diskominfo`` as a peer of ``agen.diskominfo``."""
    from evaluations import services
    from evaluations.models import Assignment, RaterGroup

    tim = _user("tim.rb")
    cycle = services.cycle_create(by=tim, name=name, instrument=instrument_360(), opens_on=opens_on,
                                  closes_on=closes_on)
    services.assignments_generate(cycle=cycle, by=tim)
    subject, rater = _user("agen.diskominfo").employee, _user("pegawai.diskominfo").employee
    if not Assignment.objects.filter(cycle=cycle, subject=subject, rater=rater).exists():
        services.assignment_add(cycle=cycle, by=tim, subject=subject, rater=rater, group=RaterGroup.PEER)
    return services.cycle_open(cycle=cycle, by=tim)


def open_cycle():
    from django.utils import timezone

    from evaluations.models import Cycle

    name = f"{PREFIX}: siklus dibuka"
    cycle = Cycle.objects.filter(name=name).first()
    if cycle is None:
        today = timezone.localdate()
        cycle = _started_cycle(name, opens_on=today - dt.timedelta(days=3), closes_on=today + dt.timedelta(days=14))
    return cycle


def pegawai_assignment():
    """``pegawai.diskominfo`` rates ``agen.diskominfo`` in the open cycle."""
    from evaluations.models import Assignment

    return Assignment.objects.get(cycle=open_cycle(), subject=_user("agen.diskominfo").employee,
                                  rater=_user("pegawai.diskominfo").employee)


def published_cycle():
    """A published 360° cycle in which every rater of ``agen.diskominfo`` answered (so there are scores)."""
    from django.utils import timezone

    from evaluations import services
    from evaluations.models import Assignment, Cycle, Item

    name = f"{PREFIX}: siklus diterbitkan"
    cycle = Cycle.objects.filter(name=name).first()
    if cycle is None:
        tim = _user("tim.rb")
        today = timezone.localdate()
        cycle = _started_cycle(name, opens_on=today - dt.timedelta(days=40), closes_on=today - dt.timedelta(days=20))
        items = list(Item.objects.filter(dimension__instrument=cycle.instrument).order_by("pk"))
        assignments = list(Assignment.objects.filter(cycle=cycle, subject=_user("agen.diskominfo").employee))
        for a in assignments:
            services.response_submit(assignment=a, scores={i.pk: 4 for i in items if a.group in i.rater_groups},
                                     comment="Catatan penilaian diri." if a.group == "self" else "")
        services.cycle_close(cycle=cycle, by=tim)
        cycle = services.cycle_publish(cycle=cycle, by=tim)
    return cycle


def published_comment_id():
    """The one comment of the published cycle (agen.diskominfo's self-assessment)."""
    from evaluations.models import SubmittedComment

    return SubmittedComment.objects.filter(cycle=published_cycle()).values_list("pk", flat=True).get()


def _diskominfo_id():
    from organization.models import Agency

    return Agency.objects.get(code="DISKOMINFO").pk


def results_url(name):
    """A published cycle's results narrowed to Diskominfo: city readers and Diskominfo's kepala/operator read it;
    Dinkes's kepala/operator asked for another agency → 404."""
    return lambda o: reverse(name, args=[published_cycle().pk]) + f"?agency={_diskominfo_id()}"


def subject_url(name):
    return lambda o: reverse(name, args=[published_cycle().pk, _user("agen.diskominfo").employee_id])


# Out of order for everyone in scope: managers and readers 403, the rest 404.
IN_SCOPE_REFUSED = only(dict.fromkeys((*MANAGERS, *READERS), 403))
RESULT_READERS = only(dict.fromkeys((*MANAGERS, *DISKOMINFO_READERS), 200))
# Subjects of the published cycle (the active agents) read their own report; nobody else, Tim RB included, here.
OWN_REPORT = only({"agen.diskominfo": 200, "agen.dinkes": 200})

EVALUATIONS_MATRIX: dict[str, dict] = {
    "evaluations:index": {"url": lambda o: reverse("evaluations:index"), "expect": ALL_SIGNED_IN},
    # --- answering and own reports ---
    # Submitting without scores: the rater gets the page back with its errors (400); nobody else sees it.
    "evaluations:answer": {"url": lambda o: reverse("evaluations:answer", args=[pegawai_assignment().pk]),
                           "method": "post", "data": {"action": "submit"},
                           "expect": only({"pegawai.diskominfo": 400})},
    "evaluations:my_report": {"url": lambda o: reverse("evaluations:my_report", args=[published_cycle().pk]),
                              "expect": OWN_REPORT},
    "evaluations:my_report_pdf": {"url": lambda o: reverse("evaluations:my_report_pdf", args=[published_cycle().pk]),
                                  "expect": OWN_REPORT},
    # --- instruments: Tim RB only; a list or a form without an object → 403, an instrument → 404 ---
    "evaluations:instrument_list": {"url": lambda o: reverse("evaluations:instrument_list"),
                                    "expect": managers(200, default=403)},
    "evaluations:instrument_create": {"url": lambda o: reverse("evaluations:instrument_create"),
                                      "expect": managers(200, default=403)},
    "evaluations:instrument_detail": {
        "url": lambda o: reverse("evaluations:instrument_detail", args=[instrument_360().pk]),
        "expect": managers(200)},
    "evaluations:instrument_edit": {
        "url": lambda o: reverse("evaluations:instrument_edit", args=[instrument_360().pk]),
        "expect": managers(200)},
    # Harmless: a copy of version 1 as a new version (each manager makes one).
    "evaluations:instrument_new_version": {
        "url": lambda o: reverse("evaluations:instrument_new_version", args=[used_instrument().pk]),
        "method": "post", "expect": managers(302)},
    "evaluations:dimension_create": {
        "url": lambda o: reverse("evaluations:dimension_create", args=[instrument_360().pk]),
        "expect": managers(200)},
    "evaluations:dimension_edit": {
        "url": lambda o: reverse("evaluations:dimension_edit", args=[instrument_360().pk, first_item().dimension_id]),
        "expect": managers(200)},
    "evaluations:item_create": {
        "url": lambda o: reverse("evaluations:item_create", args=[instrument_360().pk]),
        "expect": managers(200)},
    "evaluations:item_edit": {
        "url": lambda o: reverse("evaluations:item_edit", args=[instrument_360().pk, first_item().pk]),
        "expect": managers(200)},
    # Harmless: version 1 is frozen (cycles use it), so the deletion lands in a new version.
    "evaluations:item_delete": {
        "url": lambda o: reverse("evaluations:item_delete", args=[used_instrument().pk, first_item().pk]),
        "method": "post", "expect": managers(302)},
    # --- cycles ---
    "evaluations:cycle_list": {"url": lambda o: reverse("evaluations:cycle_list"),
                               "expect": only(dict.fromkeys((*MANAGERS, *READERS), 200), default=403)},
    "evaluations:cycle_create": {"url": lambda o: reverse("evaluations:cycle_create"),
                                 "expect": managers(200, default=403)},
    # An open cycle: managers and every reader (their scope's response rate); raters and others → 404.
    "evaluations:cycle_detail": {"url": lambda o: reverse("evaluations:cycle_detail", args=[open_cycle().pk]),
                                 "expect": only(dict.fromkeys((*MANAGERS, *READERS), 200))},
    # Its change history: managers; readers see the cycle but not its history.
    "evaluations:cycle_history": {"url": lambda o: reverse("evaluations:cycle_history", args=[open_cycle().pk]),
                                  "expect": only({**dict.fromkeys(READERS, 403), **dict.fromkeys(MANAGERS, 200)})},
    # A draft is Tim RB's alone.
    "evaluations:cycle_edit": {"url": lambda o: reverse("evaluations:cycle_edit", args=[draft_cycle().pk]),
                               "expect": managers(200)},
    # Who rates whom: managers only; readers see the cycle but not the raters (403).
    "evaluations:cycle_assignments": {
        "url": lambda o: reverse("evaluations:cycle_assignments", args=[open_cycle().pk]),
        "expect": only({**dict.fromkeys(MANAGERS, 200), **dict.fromkeys(READERS, 403)})},
    # Harmless: rebuilds the automatic raters of the matrix's draft cycle.
    "evaluations:assignments_generate": {
        "url": lambda o: reverse("evaluations:assignments_generate", args=[draft_cycle().pk]),
        "method": "post", "expect": managers(302)},
    # Once a cycle is open its raters are fixed.
    "evaluations:assignment_remove": {
        "url": lambda o: reverse("evaluations:assignment_remove", args=[open_cycle().pk, pegawai_assignment().pk]),
        "method": "post", "expect": IN_SCOPE_REFUSED},
    # Refused with a message (the instrument has no statements), so the cycle stays a draft for the next manager.
    "evaluations:cycle_open": {"url": lambda o: reverse("evaluations:cycle_open", args=[draft_cycle().pk]),
                               "method": "post", "expect": managers(302)},
    "evaluations:cycle_close": {"url": lambda o: reverse("evaluations:cycle_close", args=[published_cycle().pk]),
                                "method": "post", "expect": IN_SCOPE_REFUSED},
    "evaluations:cycle_publish": {"url": lambda o: reverse("evaluations:cycle_publish", args=[open_cycle().pk]),
                                  "method": "post", "expect": IN_SCOPE_REFUSED},
    # Comment review of a closed (here: published) cycle: managers; readers see the cycle, not its comments.
    "evaluations:cycle_comments": {
        "url": lambda o: reverse("evaluations:cycle_comments", args=[published_cycle().pk]),
        "expect": only({**dict.fromkeys(MANAGERS, 200), **dict.fromkeys(READERS, 403)})},
    # --- results ---
    "evaluations:results": {"url": results_url("evaluations:results"), "expect": RESULT_READERS},
    "evaluations:results_xlsx": {"url": results_url("evaluations:results_xlsx"), "expect": RESULT_READERS},
    "evaluations:results_pdf": {"url": results_url("evaluations:results_pdf"), "expect": RESULT_READERS},
    # One person's report: Tim RB only (the subject reads it through my_report).
    "evaluations:subject_result": {"url": subject_url("evaluations:subject_result"), "expect": managers(200)},
    "evaluations:subject_result_pdf": {"url": subject_url("evaluations:subject_result_pdf"), "expect": managers(200)},
}
