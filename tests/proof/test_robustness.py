"""Robustness: random and malformed input to every form and API operation that writes.

For every HTML form that writes, hypothesis posts dictionaries of the form's real field names, each field either a
plausible value or junk (random unicode, a NUL byte, a huge string, negative and huge numbers, impossible dates,
wrong choices, several values where one is expected) or missing, as a user who may use the form. Whatever comes in:

- never a server error (the test client re-raises the view's exception, so a 500 fails the example);
- a rejected submission answers 200 with the form re-rendered and its errors, or a 4xx, and leaves the database
  exactly as it was (the row count of every project table, and the rows the form edits, are compared);
- an accepted submission redirects.

For every API operation that writes (POST/PUT/PATCH/DELETE), schemathesis generates *negative* data (bodies,
parameters that break the schema) and the path's ``{id}`` is pointed at a real object of the caller's scope, so the
input reaches validation and the service. A 4xx answers JSON with ``detail`` or a message per field, and leaves the
row counts as they were.

Every download of a stored upload answers as an attachment (or an image inline with ``nosniff``) with a content type
from the stored, checked type, never HTML or SVG; an HTML or SVG file with script is refused on every upload path.

Each example runs inside a savepoint that is rolled back, so every example starts from the same world.

Not fuzzed here, because they take no input beyond the URL: the one-click buttons (cycle open/close/publish, generate
and remove assignments, new instrument version, delete item, delete post, mark read, import cancel); the access
matrix checks who may press them. ``notifications/read-all/`` in the API is left out for the same reason.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django import forms as django_forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organization.models import Employee, PositionType, Rank, SkpPredikat
from organization.nip import build_nip
from tests.proof.robustness_world import PDF_MIN, PNG_1PX, build_world, db_state, describe_change

pytestmark = pytest.mark.django_db

FORM_EXAMPLES = 20
TODAY = timezone.localdate()
MISSING = object()

# --- junk ---------------------------------------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
NASTY = st.sampled_from([
    "", " ", "\x00", "a\x00b", "2026-02-30", "0000-00-00", "31/12/2026", "9999-99-99", "99999-01-01", "-1", "0",
    "1e309", "NaN", "-Infinity", "3.7", "٣", "１２", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd",
    "null", "[]", "{}", "true", "%s%s%n", "\u202e", "😀" * 30, "19860926 201505 1 001", "x" * 301,
])
JUNK = st.one_of(
    TEXT,
    NASTY,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=300, max_value=70_000).map(lambda n: "ä" * n),
    st.lists(st.one_of(TEXT, NASTY), min_size=2, max_size=3),
)


def iso(d: dt.date) -> str:
    return d.isoformat()


def days(a: int, b: int) -> st.SearchStrategy[str]:
    return st.integers(a, b).map(lambda n: iso(TODAY + dt.timedelta(days=n)))


def words(min_size=1, max_size=60) -> st.SearchStrategy[str]:
    return st.text(alphabet=string.ascii_letters + " .,-'", min_size=min_size, max_size=max_size)


def choice(values) -> st.SearchStrategy[str]:
    return st.sampled_from([str(v) for v in values])


CHECKBOX = st.sampled_from(["on", ""])


def uploads(*, allow_good=True) -> st.SearchStrategy:
    """An uploaded file: good PDF/PNG, or HTML/SVG with script under any name, random bytes, empty."""
    contents = [
        st.binary(max_size=3000),
        st.just(b""),
        st.just(b"<html><body><script>alert(document.cookie)</script></body></html>"),
        st.just(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        st.just(b"PK\x03\x04" + b"\x00" * 40),
    ]
    if allow_good:
        contents += [st.just(PNG_1PX), st.just(PDF_MIN)]
    names = st.sampled_from(["bukti.pdf", "foto.png", "x.svg", "a.html", "../../evil.pdf", "", "\u202egpj.exe",
                             "x" * 300 + ".pdf", "data.csv", "data.xlsx"])
    types = st.sampled_from(["application/pdf", "image/png", "text/html", "image/svg+xml",
                             "application/octet-stream", "text/csv"])
    return st.builds(lambda n, c, t: SimpleUploadedFile(n or "f", c, content_type=t),
                     names, st.one_of(contents), types)


# --- forms: what each writes, who may use it, what a plausible value is --------------------------------------


@dataclass
class FormSpec:
    user: str  # key of the world: tim_rb, operator, kepala, agen
    url: Callable[[dict], str]
    fields: Callable[[dict], dict]  # field name → strategy of plausible values
    watched: Callable[[dict], list] = lambda w: []
    files: Callable[[dict], dict] = field(default=lambda w: {})
    # fields whose plausible values only make sense together (e.g. a NIP and the birth date it encodes)
    joint: Callable[[dict], st.SearchStrategy[dict]] | None = None


def person(w):
    """A NIP with the birth date and sex it encodes: a new person, or the edited employee as they are."""
    def new(birth, sex, n):
        return {"nip": build_nip(birth, (2019, 2), sex, n), "birth_date": iso(birth), "sex": sex}

    fresh = st.builds(new, st.dates(dt.date(1965, 1, 1), dt.date(2000, 12, 31)), st.sampled_from(["L", "P"]),
                      st.integers(900, 999))
    e = w["employee"]
    return st.one_of(fresh, st.just({"nip": e.nip, "birth_date": iso(e.birth_date), "sex": e.sex}))


def employee_fields(w):
    units = [str(pk) for pk in w["diskominfo"].children.values_list("pk", flat=True)[:3]] + [""]
    return {
        "nip": st.just(w["employee"].nip), "name": words(), "employee_type": choice(Employee.Type.values),
        "sex": choice(["L", "P"]), "birth_date": st.dates(dt.date(1960, 1, 1), dt.date(2004, 1, 1)).map(iso),
        "rank": choice(Rank.values), "position_type": choice(PositionType.values), "position_level": st.just(""),
        "position": words(), "agency": st.just(str(w["diskominfo"].pk)), "unit": st.sampled_from(units),
        "superior": st.sampled_from([w["superior"].nip, ""]),
        "email": st.sampled_from(["budi@bandung.go.id", "", "x@y.id"]), "is_active": CHECKBOX,
        "skp_predikat": choice(SkpPredikat.values), "disciplinary_penalty": CHECKBOX,
        "last_penalty_date": st.one_of(st.just(""), days(-2000, -10)),
    }


def period_fields(w):
    from organization.models import Agency

    agencies = [str(pk) for pk in Agency.objects.top_level().values_list("pk", flat=True)[:3]]
    small = st.integers(0, 40).map(str)
    return {
        "name": words(), "nomination_opens": days(-20, 0), "nomination_closes": days(1, 40),
        "term_start": days(41, 80), "term_end": days(300, 800), "default_quota": small,
        "employee_types": st.sampled_from([["PNS"], ["PNS", "PPPK"], ["PPPK"]]), "min_years_of_service": small,
        "min_skp_predikat": choice(["", *SkpPredikat.values]), "require_no_penalty": CHECKBOX,
        "penalty_free_years": small, "exclude_active_agents": CHECKBOX, "max_age": st.integers(30, 60).map(str),
        "endorsement_reminder_days": small, "decision_reminder_days": small, "escalation_days": small,
        "approval_chain": choice(["kepala_pd,tim_rb", "kepala_pd,sekda,tim_rb", "sekda,tim_rb", "tim_rb", ""]),
        "quota-TOTAL_FORMS": st.sampled_from(["1", "0"]), "quota-INITIAL_FORMS": st.just("0"),
        "quota-0-agency": st.sampled_from(agencies), "quota-0-quota": small,
        "criteria-TOTAL_FORMS": st.just("1"), "criteria-INITIAL_FORMS": st.just("0"),
        "criteria-0-name": words(), "criteria-0-weight": st.integers(1, 100).map(str),
    }


def project_fields(w):
    from agents.models import ChangeProject, ReformArea

    return {
        "title": words(), "reform_area": choice(ReformArea.values), "problem": words(), "proposed_change": words(),
        "target": words(max_size=30), "indicator": words(max_size=30), "start_date": days(-100, 0),
        "end_date": days(1, 300), "status": choice(ChangeProject.Status.values),
        "completed_on": st.one_of(st.just(""), days(-10, 0)), "result": words(0),
        "members": st.sampled_from(["", w["employee"].nip, f"{w['employee'].nip}, 123"]),
    }


def cycle_fields(w, with_groups=False):
    from evaluations.models import Cycle, RaterGroup

    data = {
        "name": words(), "instrument": st.just(str(w["instrument_360"].pk)), "opens_on": days(0, 10),
        "closes_on": days(11, 40), "subject_mode": choice(Cycle.SubjectMode.values),
        "agencies": st.just([str(w["diskominfo"].pk)]), "anonymity_threshold": st.integers(1, 10).map(str),
        "band_a": st.just("75"), "band_b": st.just("50"), "band_c": st.just("25"),
    }
    if with_groups:
        for g in RaterGroup.values:
            data[f"{g}-enabled"] = CHECKBOX
            data[f"{g}-weight"] = st.integers(0, 100).map(str)
            data[f"{g}-min_count"] = st.integers(0, 5).map(str)
    return data


def answer_fields(w):
    data = {f"item_{i.pk}": st.integers(1, 5).map(str) for i in w["peer_items"]}
    data["comment"] = words(0)
    data["action"] = st.sampled_from(["submit", "save"])
    return data


def nomination_action_url(action):
    key = {"submit": "draft", "endorse": "submitted", "return": "submitted", "approve": "endorsed",
           "reject": "endorsed"}[action]
    return lambda w: reverse("agents:nomination_action", args=[w[key].pk, action])


def score_fields(w):
    data = {}
    for c in w["criteria"]:
        data[f"score_{c.pk}"] = st.integers(1, 5).map(str)
        data[f"note_{c.pk}"] = words(0)
    return data


def _import_csv():
    header = ("NIP;NAMA;JENIS_PEGAWAI;JENIS_KELAMIN;TANGGAL_LAHIR;GOLONGAN;JENIS_JABATAN;JENJANG_JABATAN;"
              "NAMA_JABATAN;KODE_UNIT;NIP_ATASAN;EMAIL;PREDIKAT_SKP;HUKUMAN_DISIPLIN;TANGGAL_HUKUMAN_DISIPLIN;AKTIF")
    row = st.lists(st.one_of(TEXT, NASTY).map(lambda s: s.replace(";", ",").replace("\n", " ")), min_size=0,
                   max_size=17).map(";".join)
    good = st.just("198609262015051001;Budi Santoso;PNS;L;26-09-1986;III/b;Pelaksana;;Analis;;;b@x.id;Baik;"
                   "Tidak;;Ya")
    body = st.lists(st.one_of(row, good), max_size=5)
    return st.builds(lambda rows, enc: SimpleUploadedFile("simpeg.csv", ("\r\n".join([header, *rows])).encode(
        enc, "replace"), content_type="text/csv"), body, st.sampled_from(["utf-8", "utf-16", "latin-1"]))


FORMS: dict[str, FormSpec] = {
    # organization
    "employee_create": FormSpec("operator", lambda w: reverse("organization:employee_create"), employee_fields,
                                joint=person),
    "employee_edit": FormSpec("operator", lambda w: reverse("organization:employee_edit", args=[w["employee"].pk]),
                              employee_fields, watched=lambda w: [w["employee"]], joint=person),
    "import_upload": FormSpec("operator", lambda w: reverse("organization:import_start"),
                              lambda w: {"agency": st.just(str(w["diskominfo"].pk))},
                              files=lambda w: {"file": st.one_of(_import_csv(), uploads())}),
    "import_confirm": FormSpec("operator", lambda w: reverse("organization:import_confirm", args=[w["import_job"].pk]),
                               lambda w: {"only_valid": CHECKBOX}, watched=lambda w: [w["import_job"]]),
    "acting_head_create": FormSpec(
        "tim_rb", lambda w: reverse("organization:acting_head_list"),
        lambda w: {"agency": st.sampled_from([str(w["diskominfo"].pk), "0", "x"]),
                   "employee_nip": st.one_of(words(0, 20), st.just(w["acting_head"].employee.nip)),
                   "kind": choice(["plt", "plh", "x"]), "starts_on": days(-10, 10), "ends_on": days(-20, 60),
                   "letter_number": words(0, 40)}),
    # notifications
    "notification_preferences": FormSpec(
        "agen", lambda w: reverse("notifications:preferences"),
        lambda w: {"digests": CHECKBOX, "subscriptions": CHECKBOX, "mentions": CHECKBOX}),
    # agents: periods
    "period_create": FormSpec("tim_rb", lambda w: reverse("agents:period_create"), period_fields),
    "period_edit": FormSpec("tim_rb", lambda w: reverse("agents:period_edit", args=[w["period"].pk]), period_fields,
                            watched=lambda w: [w["period"]]),
    # agents: nominations
    "nomination_create": FormSpec(
        "operator", lambda w: reverse("agents:nomination_create"),
        lambda w: {"period": st.just(str(w["period"].pk)), "candidate": st.just(w["candidate"].nip),
                   "justification": words()},
        files=lambda w: {"evidence": st.lists(uploads(), max_size=2)}),
    "nomination_edit": FormSpec("operator", lambda w: reverse("agents:nomination_edit", args=[w["draft"].pk]),
                                lambda w: {"justification": words()}, watched=lambda w: [w["draft"]]),
    "nomination_evidence_add": FormSpec(
        "operator", lambda w: reverse("agents:nomination_evidence_add", args=[w["draft"].pk]), lambda w: {},
        files=lambda w: {"evidence": st.lists(uploads(), max_size=2)}),
    "nomination_submit": FormSpec("operator", nomination_action_url("submit"), lambda w: {},
                                  watched=lambda w: [w["draft"]]),
    "nomination_endorse": FormSpec("kepala", nomination_action_url("endorse"),
                                   lambda w: {"endorse-comment": words(0), "endorse-confirm": choice(["", "on"])},
                                   watched=lambda w: [w["submitted"]]),
    "nomination_return": FormSpec("kepala", nomination_action_url("return"),
                                  lambda w: {"return-comment": words(0)}, watched=lambda w: [w["submitted"]]),
    "nomination_reject": FormSpec("tim_rb", nomination_action_url("reject"),
                                  lambda w: {"reject-reason": words(0), "reject-confirm": choice(["", "on"])},
                                  watched=lambda w: [w["endorsed"]]),
    "nomination_approve": FormSpec(
        "tim_rb", nomination_action_url("approve"),
        lambda w: {"approve-decree_number": words(0, 30), "approve-decree_date": days(-30, 0),
                   "approve-decree_signatory": words(0, 40), "approve-confirm": choice(["", "on"]),
                   "approve-confirm_unscored": choice(["", "on"]),
                   "approve-roles": st.lists(choice(["katalis", "pemberi_solusi", "mediator", "penghubung"]),
                                             max_size=4, unique=True)},
        watched=lambda w: [w["endorsed"]]),
    "nomination_score": FormSpec("tim_rb", lambda w: reverse("agents:nomination_score", args=[w["endorsed"].pk]),
                                 score_fields, watched=lambda w: [w["endorsed"]]),
    # agents: registry
    "agent_end_term": FormSpec("tim_rb", lambda w: reverse("agents:agent_end_term", args=[w["other_agent"].pk]),
                               lambda w: {"reason": words(0), "ended_on": days(-5, 5),
                                          "confirm": choice(["", "on"])},
                               watched=lambda w: [w["other_agent"]]),
    "agent_renew": FormSpec(
        "tim_rb", lambda w: reverse("agents:agent_renew", args=[w["other_agent"].pk]),
        lambda w: {"period": st.just(str(w["next_period"].pk)), "decree_number": words(0, 30),
                   "decree_date": days(-5, 5), "decree_signatory": words(0, 40)},
        watched=lambda w: [w["other_agent"]]),
    "role_model_create": FormSpec(
        "tim_rb", lambda w: reverse("agents:role_model_create"),
        lambda w: {"employee": st.just(w["role_model_candidate"].nip), "period": st.just(str(w["period"].pk)),
                   "decree_number": words(0, 30), "decree_date": days(-5, 0), "decree_signatory": words(),
                   "term_start": days(0, 30), "term_end": days(200, 700)}),
    # agents: projects
    "project_create": FormSpec("agen", lambda w: reverse("agents:project_create"), project_fields),
    "project_edit": FormSpec("agen", lambda w: reverse("agents:project_edit", args=[w["project"].pk]),
                             project_fields, watched=lambda w: [w["project"]]),
    "project_integrate": FormSpec(
        "agen", lambda w: reverse("agents:project_integrate", args=[w["done_project"].pk]),
        lambda w: {"kind": choice(["sop", "decree", "policy", "system"]), "reference": words(0),
                   "integrated_on": days(-3, 0)}, watched=lambda w: [w["done_project"]]),
    "progress_report_create": FormSpec(
        "agen", lambda w: reverse("agents:report_create", args=[w["project"].pk]),
        lambda w: {"month": st.sampled_from([TODAY.strftime("%Y-%m"), iso(TODAY.replace(day=1))]),
                   "progress": st.integers(0, 100).map(str), "activities": words(), "results": words(0),
                   "obstacles": words(0), "next_steps": words(0)},
        watched=lambda w: [w["project"]], files=lambda w: {"evidence": st.lists(uploads(), max_size=2)}),
    # forums
    "topic_create": FormSpec(
        "agen", lambda w: reverse("forums:topic_create", args=[w["forum"].pk]),
        lambda w: {"title": words(5, 80), "body": words(), "category": st.just("")},
        files=lambda w: {"attachments": st.lists(uploads(), max_size=2)}),
    "post_reply": FormSpec("agen", lambda w: reverse("forums:reply", args=[w["topic"].pk]),
                           lambda w: {"body": words()}, watched=lambda w: [w["topic"]],
                           files=lambda w: {"attachments": st.lists(uploads(), max_size=2)}),
    "post_edit_opening": FormSpec("agen", lambda w: reverse("forums:post_edit", args=[w["opening_post"].pk]),
                                  lambda w: {"title": words(5, 80), "body": words()},
                                  watched=lambda w: [w["opening_post"], w["topic"]]),
    "post_report": FormSpec(
        "agen", lambda w: reverse("forums:post_report", args=[w["reply"].pk]),
        lambda w: {"reason": choice(["spam", "offensive", "private", "off_topic", "other"]), "note": words(0)}),
    "topic_moderate": FormSpec(
        "tim_rb", lambda w: reverse("forums:topic_moderate", args=[w["topic"].pk, "kunci"]), lambda w: {},
        watched=lambda w: [w["topic"]]),
    "post_moderate": FormSpec("tim_rb", lambda w: reverse("forums:post_moderate", args=[w["reply"].pk, "sembunyikan"]),
                              lambda w: {"detail": words(0)}, watched=lambda w: [w["reply"]]),
    "topic_move": FormSpec("tim_rb", lambda w: reverse("forums:topic_move", args=[w["topic"].pk]),
                           lambda w: {"forum": st.sampled_from([str(w["forum"].pk), str(w["city_forum"].pk)]),
                                      "category": st.just("")},
                           watched=lambda w: [w["topic"]]),
    "report_handle": FormSpec(
        "tim_rb", lambda w: reverse("forums:report_handle", args=[w["forum_report"].pk, "tolak"]), lambda w: {},
        watched=lambda w: [w["forum_report"], w["reply"]]),
    "topic_subscribe": FormSpec("kepala", lambda w: reverse("forums:topic_subscribe", args=[w["topic"].pk]),
                                lambda w: {"on": choice(["1", "0"])}),
    "post_react": FormSpec("kepala", lambda w: reverse("forums:post_react", args=[w["opening_post"].pk]),
                           lambda w: {"kind": choice(["suka", "terima_kasih"])}),
    # evaluations
    "instrument_create": FormSpec(
        "tim_rb", lambda w: reverse("evaluations:instrument_create"),
        lambda w: {"code": st.text(alphabet=string.ascii_lowercase + "-", min_size=1, max_size=20),
                   "name": words(), "description": words(0), "kind": choice(["360", "survey"]),
                   "scale_max": choice([4, 5]), "scale_labels": st.just("1\n2\n3\n4\n5")}),
    "instrument_edit": FormSpec(
        "tim_rb", lambda w: reverse("evaluations:instrument_edit", args=[w["instrument"].pk]),
        lambda w: {"name": words(), "description": words(0), "kind": choice(["360", "survey"]),
                   "scale_max": choice([4, 5]), "scale_labels": st.just("1\n2\n3\n4\n5")},
        watched=lambda w: [w["instrument"]]),
    "dimension_create": FormSpec(
        "tim_rb", lambda w: reverse("evaluations:dimension_create", args=[w["instrument"].pk]),
        lambda w: {"code": st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=10), "name": words(),
                   "kind": choice(["value", "block"]), "order": st.integers(0, 20).map(str)}),
    "dimension_edit": FormSpec(
        "tim_rb", lambda w: reverse("evaluations:dimension_edit", args=[w["instrument"].pk, w["dimension"].pk]),
        lambda w: {"code": st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=10), "name": words(),
                   "kind": choice(["value", "block"]), "order": st.integers(0, 20).map(str)},
        watched=lambda w: [w["dimension"]]),
    "item_create": FormSpec(
        "tim_rb", lambda w: reverse("evaluations:item_create", args=[w["instrument"].pk]),
        lambda w: {"dimension": st.just(str(w["dimension"].pk)), "text": words(),
                   "rater_groups": st.lists(choice(["self", "superior", "peer", "subordinate"]), min_size=1,
                                            unique=True),
                   "reverse_scored": CHECKBOX, "order": st.integers(0, 20).map(str)}),
    "item_edit": FormSpec(
        "tim_rb", lambda w: reverse("evaluations:item_edit", args=[w["instrument"].pk, w["item"].pk]),
        lambda w: {"dimension": st.just(str(w["dimension"].pk)), "text": words(),
                   "rater_groups": st.lists(choice(["self", "superior", "peer", "subordinate"]), min_size=1,
                                            unique=True),
                   "reverse_scored": CHECKBOX, "order": st.integers(0, 20).map(str)},
        watched=lambda w: [w["item"]]),
    "cycle_create": FormSpec("tim_rb", lambda w: reverse("evaluations:cycle_create"), cycle_fields),
    "cycle_edit": FormSpec("tim_rb", lambda w: reverse("evaluations:cycle_edit", args=[w["draft_cycle"].pk]),
                           lambda w: cycle_fields(w, with_groups=True), watched=lambda w: [w["draft_cycle"]]),
    "cycle_assignment_add": FormSpec(
        "tim_rb", lambda w: reverse("evaluations:cycle_assignments", args=[w["draft_cycle"].pk]),
        lambda w: {"subject": st.just(w["employee"].nip), "rater": st.sampled_from(w["colleague_nips"]),
                   "group": choice(["self", "superior", "peer", "subordinate"])}),
    "answer": FormSpec("agen", lambda w: reverse("evaluations:answer", args=[w["assignment"].pk]), answer_fields,
                       watched=lambda w: [w["assignment"]]),
}


def submissions(fields: dict, files: dict, joint=None) -> st.SearchStrategy[dict]:
    """All fields plausible; or all plausible but one junk or missing; or each field plausible, junk or missing."""
    everything = {**fields, **files}
    if not everything:
        return st.fixed_dictionaries({}, optional={"x": JUNK, "csrfmiddlewaretoken": JUNK})
    junk_for = {name: (uploads() if name in files else JUNK) for name in everything}
    plausible = st.fixed_dictionaries(everything)
    if joint is not None:
        plausible = st.builds(lambda d, j: {**d, **j}, plausible, joint)

    def spoil(data, name, junk):
        data = dict(data)
        if junk is MISSING:
            data.pop(name, None)
        else:
            data[name] = junk
        return data

    one_bad = st.builds(lambda d, name, draw_junk: spoil(d, name, draw_junk), plausible,
                        st.sampled_from(sorted(everything)), st.one_of(JUNK, st.just(MISSING)))
    wild = st.fixed_dictionaries({}, optional={n: st.one_of(s, junk_for[n]) for n, s in everything.items()})
    return st.one_of(plausible, one_bad, wild)


def has_errors(response) -> bool:
    """The page shows what was wrong: a bound form or formset with errors, or an error list in the context."""
    context = response.context
    if context is None:
        return False
    for ctx in context if isinstance(context, list) else [context]:
        for key, value in ctx.flatten().items():
            if _is_error(key, value):
                return True
    return False


def _is_error(key, value) -> bool:
    if isinstance(value, list | tuple):  # e.g. [(row, form), ...] for a table of small forms
        return any(_is_error(key, v) for v in value[:50])
    if isinstance(value, django_forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, django_forms.BaseFormSet):
        return value.is_bound and bool(value.total_error_count())
    return key in ("errors", "action_error", "message") and bool(value)


def check_form_answer(response, before, after, data):
    code = response.status_code
    assert code != 500, data
    if code in (301, 302, 303):
        return "accepted"
    assert code == 200 or 400 <= code < 500, f"unexpected {code} for {data!r}"
    assert before == after, f"rejected ({code}) but the database changed: {describe_change(before, after)}"
    if code in (200, 400):
        assert has_errors(response), f"{code} without an error shown for {data!r}"
    return "rejected"


@pytest.fixture
def world(media_root):
    return build_world(media_root)


@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_every_form_rejects_bad_input_cleanly_and_accepts_good_input(form_name, world, client):
    spec = FORMS[form_name]
    client.force_login(world[spec.user])
    url = spec.url(world)
    watched = spec.watched(world)
    outcomes = set()

    @settings(max_examples=FORM_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(data=submissions(spec.fields(world), spec.files(world), spec.joint(world) if spec.joint else None))
    def post_it(data):
        with transaction.atomic():
            before = db_state(watched)
            # A browser always sends the CSRF token, so a form is never posted completely empty.
            response = client.post(url, {"csrfmiddlewaretoken": "robustness", **data})
            after = db_state(watched)
            outcomes.add(check_form_answer(response, before, after, data))
            transaction.set_rollback(True)

    post_it()
    assert outcomes, "no example ran"


# --- API: every write operation with negative data ---------------------------------------------------------

API_EXAMPLES = 12
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
# Nothing there can be made invalid: no input at all, or only a free-form string in the path (a token's id).
NO_INPUT = ["/api/v1/notifications/read-all/", "/api/v1/auth/logout/", "/api/v1/auth/logoutall/",
            "/api/v1/auth/tokens/{token_key}/"]

# path → (who may write there, the object of the world its {id} points at, and {assignment_id} where there is one)
API_TARGETS: dict[str, tuple[str, str | None]] = {
    "/api/v1/agencies/": ("tim_rb", None),
    "/api/v1/agencies/{id}/": ("tim_rb", "diskominfo"),
    "/api/v1/acting-heads/": ("tim_rb", None),
    "/api/v1/acting-heads/{id}/": ("tim_rb", "acting_head"),
    "/api/v1/agents/{id}/end-term/": ("tim_rb", "other_agent"),
    "/api/v1/agents/{id}/renew/": ("tim_rb", "other_agent"),
    "/api/v1/agents/role-models/": ("tim_rb", None),
    "/api/v1/assignments/{id}/response/": ("agen", "assignment"),
    "/api/v1/auth/token/": ("agen", None),
    "/api/v1/cycles/": ("tim_rb", None),
    "/api/v1/cycles/{id}/": ("tim_rb", "draft_cycle"),
    "/api/v1/cycles/{id}/assignments/": ("tim_rb", "draft_cycle"),
    "/api/v1/cycles/{id}/assignments/{assignment_id}/": ("tim_rb", "draft_cycle"),
    "/api/v1/cycles/{id}/close/": ("tim_rb", "open_cycle"),
    "/api/v1/cycles/{id}/comments/{comment_id}/": ("tim_rb", "open_cycle"),
    "/api/v1/cycles/{id}/generate/": ("tim_rb", "draft_cycle"),
    "/api/v1/cycles/{id}/open/": ("tim_rb", "draft_cycle"),
    "/api/v1/cycles/{id}/publish/": ("tim_rb", "open_cycle"),
    "/api/v1/employees/": ("operator", None),
    "/api/v1/employees/{id}/": ("operator", "employee"),
    "/api/v1/instruments/": ("tim_rb", None),
    "/api/v1/instruments/{id}/": ("tim_rb", "instrument"),
    "/api/v1/instruments/{id}/new-version/": ("tim_rb", "instrument"),
    "/api/v1/nominations/": ("operator", None),
    "/api/v1/nominations/{id}/": ("operator", "draft"),
    "/api/v1/nominations/{id}/approve/": ("tim_rb", "endorsed"),
    "/api/v1/nominations/{id}/endorse/": ("kepala", "submitted"),
    "/api/v1/nominations/{id}/evidence/": ("operator", "draft"),
    "/api/v1/nominations/{id}/reject/": ("tim_rb", "endorsed"),
    "/api/v1/nominations/{id}/return/": ("kepala", "submitted"),
    "/api/v1/nominations/{id}/score/": ("tim_rb", "endorsed"),
    "/api/v1/nominations/{id}/submit/": ("operator", "draft"),
    "/api/v1/notifications/{id}/read/": ("agen", "agen_notification"),
    "/api/v1/notifications/read-all/": ("agen", None),
    "/api/v1/periods/": ("tim_rb", None),
    "/api/v1/periods/{id}/": ("tim_rb", "period"),
    "/api/v1/periods/{id}/vote/": ("kepala", "vote_period"),  # a voter of Diskominfo, during the vote
    "/api/v1/posts/": ("agen", None),
    "/api/v1/posts/{id}/": ("agen", "agen_post"),
    "/api/v1/projects/": ("agen", None),
    "/api/v1/projects/{id}/": ("agen", "project"),
    "/api/v1/projects/{id}/integrate/": ("agen", "done_project"),
    "/api/v1/projects/{id}/reports/": ("agen", "project"),
    "/api/v1/projects/{id}/verify/": ("agen", "project"),
    "/api/v1/topics/": ("agen", None),
    "/api/v1/topics/{id}/": ("agen", "topic"),
}


@pytest.fixture
def api_world(world):
    from forums import services as forum_services
    from tests.proof.tokens import token_for

    world["agen_post"] = forum_services.post_create(topic=world["topic"], author=world["agen"], body="Balasan agen.")
    world["agen_notification"] = world["notifications"]["agen.diskominfo"]
    world["tokens"] = {key: token_for(world[key]) for key in ("tim_rb", "operator", "kepala", "agen")}
    return world


@pytest.fixture
def negative_schema(db, keep_test_connection):
    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from schemathesis import DataGenerationMethod

    from tests.proof.tokens import schema_headers

    return schemathesis.from_wsgi("/api/schema/", get_wsgi_application(), headers=schema_headers(),
                                  data_generation_methods=[DataGenerationMethod.negative])


def _lazy_schema():
    import schemathesis
    from schemathesis import DataGenerationMethod

    # read-all takes no input at all: there is nothing to make invalid (schemathesis would skip it).
    return schemathesis.from_pytest_fixture("negative_schema", method=WRITE_METHODS,
                                            data_generation_methods=[DataGenerationMethod.negative]).exclude(
        path=NO_INPUT)


negative_api = _lazy_schema()


def _error_body_is_actionable(body) -> bool:
    """``{"detail": "..."}``, or a message (list) per field, possibly nested for lists of objects."""
    if not isinstance(body, dict) or not body:
        return False
    if "detail" in body:
        return isinstance(body["detail"], str) and bool(body["detail"])
    return all(isinstance(v, list | dict | str) and v for v in body.values())


@negative_api.parametrize()
@settings(max_examples=API_EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_every_api_write_answers_bad_input_with_4xx_field_errors_and_no_partial_write(case, api_world):
    import json

    path = case.operation.path
    assert path in API_TARGETS, f"Add {path} to API_TARGETS in tests/proof/test_robustness.py (who writes it, on what)"
    role, target = API_TARGETS[path]
    if target is not None:
        case.path_parameters = {**(case.path_parameters or {}), "id": api_world[target].pk}
    if "assignment_id" in (case.path_parameters or {}):
        case.path_parameters["assignment_id"] = api_world["draft_assignment"].pk
    if (case.media_type or "").startswith("multipart/") and not isinstance(case.body, dict):
        case.body = {"evidence": repr(case.body)}  # a multipart body is a mapping of parts; keep it malformed
    watched = [api_world[target]] if target else []
    with transaction.atomic():
        before = db_state(watched)
        response = case.call_wsgi(headers={"Authorization": f"Token {api_world['tokens'][role]}"})
        after = db_state(watched)
        transaction.set_rollback(True)
    code = response.status_code
    assert code < 500, f"{case.method} {case.formatted_path}: {code}"
    if 400 <= code < 500:
        try:
            body = json.loads(response.get_data() or b"null")
        except ValueError:
            body = None
        assert _error_body_is_actionable(body), f"{code} without field errors or detail: {response.get_data()[:300]!r}"
        assert before == after, f"{code} but the database changed: {describe_change(before, after)}"


# --- uploads: served with safe headers; HTML or SVG with script never rendered -------------------------------

HTML_SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def downloads(world):
    """Every stored upload of the portal, with the user allowed to download it: ``{name: (user key, url)}``."""
    from agents import services as agent_services
    from agents.models import NominationEvidence
    from forums import services as forum_services
    from forums.models import Attachment

    w = world
    pdf = agent_services.evidence_add(nomination=w["draft"], by=w["operator"],
                                      upload=SimpleUploadedFile("sk.pdf", PDF_MIN, content_type="application/pdf"))
    report = agent_services.report_submit(
        project=w["project"], by=w["agen"], month=TODAY.replace(day=1), progress=40, activities="Rapat koordinasi.",
        files=[SimpleUploadedFile("foto.png", PNG_1PX, content_type="image/png")])
    topic = forum_services.topic_create(
        forum=w["forum"], author=w["agen"], title="Lampiran uji", body="Lihat lampiran.",
        files=[SimpleUploadedFile("foto.png", PNG_1PX, content_type="image/png"),
               SimpleUploadedFile("notulen.pdf", PDF_MIN, content_type="application/pdf")])
    image, document = Attachment.objects.filter(post=topic.first_post).order_by("pk")
    # Rows written around the checks (an old import, the admin, a future bug): the stored type says HTML or SVG.
    hostile_evidence = NominationEvidence(nomination=w["draft"], original_name='x"\r\nSet-Cookie: a=b.html',
                                          content_type="text/html", size=len(HTML_SCRIPT))
    hostile_evidence.file.save("x.html", ContentFile(HTML_SCRIPT), save=True)
    hostile_html = Attachment(post=topic.first_post, original_name="x.html", content_type="text/html",
                              extension="html", size=len(HTML_SCRIPT))
    hostile_html.file.save("x.html", ContentFile(HTML_SCRIPT), save=True)
    hostile_svg = Attachment(post=topic.first_post, original_name="x.svg", content_type="image/svg+xml",
                             extension="svg", size=len(SVG_SCRIPT))
    hostile_svg.file.save("x.svg", ContentFile(SVG_SCRIPT), save=True)
    r = w["report"]
    return {
        "nomination evidence (pdf)": ("operator", reverse("agents:nomination_evidence", args=[w["draft"].pk, pdf.pk])),
        "nomination evidence stored as text/html": (
            "operator", reverse("agents:nomination_evidence", args=[w["draft"].pk, hostile_evidence.pk])),
        "progress report evidence (png)": ("agen", reverse("agents:report_evidence", args=[
            w["project"].pk, report.evidence.get().pk])),
        "forum attachment (png)": ("agen", reverse("forums:attachment", args=[image.pk])),
        "forum attachment (pdf)": ("agen", reverse("forums:attachment", args=[document.pk])),
        "forum attachment stored as text/html": ("agen", reverse("forums:attachment", args=[hostile_html.pk])),
        "forum attachment stored as image/svg+xml": ("agen", reverse("forums:attachment", args=[hostile_svg.pk])),
        "summary report (pdf)": ("kepala", reverse("notifications:report_download", args=[r.pk, "pdf"])),
        "summary report (xlsx)": ("kepala", reverse("notifications:report_download", args=[r.pk, "xlsx"])),
        "summary report through the API (pdf)": ("kepala", f"/api/v1/reports/{r.pk}/pdf/"),
        "summary report through the API (xlsx)": ("kepala", f"/api/v1/reports/{r.pk}/xlsx/"),
        "import template (csv)": ("operator", reverse("organization:import_template", args=["csv"])),
        "import template (xlsx)": ("operator", reverse("organization:import_template", args=["xlsx"])),
    }


MARKUP_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml"}
INLINE_OK = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}


def test_every_download_is_an_attachment_or_a_safe_inline_image_never_html(downloads, world, client):
    problems = []
    for name, (user_key, url) in downloads.items():
        client.force_login(world[user_key])
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{name}: {response.status_code}")
            continue
        content_type = response["Content-Type"].split(";")[0].strip().lower()
        disposition = response.get("Content-Disposition", "")
        if content_type in MARKUP_TYPES or "html" in content_type or "svg" in content_type:
            problems.append(f"{name}: served as {content_type}")
        if not disposition.startswith("attachment"):
            if content_type not in INLINE_OK:
                problems.append(f"{name}: {content_type} shown inline")
            if response.get("X-Content-Type-Options") != "nosniff":
                problems.append(f"{name}: inline without X-Content-Type-Options: nosniff")
        if "\n" in disposition or "\r" in disposition:
            problems.append(f"{name}: header injection in {disposition!r}")
    assert problems == [], "\n".join(problems)


def test_the_stored_type_decides_the_content_type_of_a_download(downloads, world, client):
    expected = {
        "nomination evidence (pdf)": "application/pdf", "progress report evidence (png)": "image/png",
        "forum attachment (png)": "image/png", "forum attachment (pdf)": "application/pdf",
        "summary report (pdf)": "application/pdf", "import template (csv)": "text/csv",
    }
    for name, content_type in expected.items():
        user_key, url = downloads[name]
        client.force_login(world[user_key])
        assert client.get(url)["Content-Type"].split(";")[0] == content_type, name


UPLOAD_PATHS = {
    # name: (user key, url, file field, the other fields, table that must not grow)
    "nomination evidence": ("operator", lambda w: reverse("agents:nomination_evidence_add", args=[w["draft"].pk]),
                            "evidence", lambda w: {}, "agents_nominationevidence"),
    "progress report evidence": (
        "agen", lambda w: reverse("agents:report_create", args=[w["project"].pk]), "evidence",
        lambda w: {"month": TODAY.strftime("%Y-%m"), "progress": "50", "activities": "Rapat."},
        "agents_reportevidence"),
    "forum attachment": ("agen", lambda w: reverse("forums:topic_create", args=[w["forum"].pk]), "attachments",
                         lambda w: {"title": "Topik dengan lampiran", "body": "Isi."}, "forums_attachment"),
    "employee import": ("operator", lambda w: reverse("organization:import_start"), "file",
                        lambda w: {"agency": str(w["diskominfo"].pk)}, "organization_importjob"),
}


@pytest.mark.parametrize("path_name", sorted(UPLOAD_PATHS))
@pytest.mark.parametrize("name, content, content_type", [
    ("laporan.pdf", HTML_SCRIPT, "application/pdf"), ("foto.png", SVG_SCRIPT, "image/png"),
    ("halaman.html", HTML_SCRIPT, "text/html"), ("gambar.svg", SVG_SCRIPT, "image/svg+xml"),
])
def test_an_html_or_svg_upload_with_script_is_refused(path_name, name, content, content_type, world, client):
    from tests.proof.robustness_world import row_counts

    user_key, url, field_name, extra, table = UPLOAD_PATHS[path_name]
    client.force_login(world[user_key])
    before = row_counts()[table]
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client.post(url(world), {**extra(world), field_name: upload})
    assert response.status_code in (200, 400) and has_errors(response)
    assert row_counts()[table] == before


# --- malformed requests that reached the database (PostgreSQL refuses NUL in text: a 500 on every page) -------

# NUL characters in the query string: tests/proof/test_null_characters.py (they are dropped before views read them).


def test_a_session_cookie_django_never_issued_is_no_session_at_all(client):
    from django.conf import settings as django_settings
    from django.utils.module_loading import import_string

    store = import_string(django_settings.SESSION_ENGINE + ".SessionStore")
    assert store("\x00\x00\x00\x00\x00\x00\x00\x00").session_key is None
    # The cookie parser decodes octal escapes, so any client can send NUL characters this way.
    client.cookies["sessionid"] = '"\\000\\000\\000\\000\\000\\000\\000\\000"'
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_malformed_api_token_is_refused_without_asking_the_database(django_assert_num_queries):
    from rest_framework.exceptions import AuthenticationFailed

    from agenperubahan.authentication import TokenAuthentication

    with django_assert_num_queries(0), pytest.raises(AuthenticationFailed):
        TokenAuthentication().authenticate_credentials("abc\x00def")
