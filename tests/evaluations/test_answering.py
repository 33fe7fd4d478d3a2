"""Raters answer their own assignments: drafts, submit with every item, nothing after the close, no one else's."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Answer, Cycle, Item, RaterGroup, Response, SubmittedAnswer, SubmittedComment
from evaluations.selectors import items_for

from .conftest import answer_all, assign, new_cycle

PEER = RaterGroup.PEER.value


@pytest.fixture
def open_cycle(tim_rb, instrument_360):
    return new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)


@pytest.fixture
def peer_assignment(open_cycle, agen_diskominfo, pegawai_diskominfo):
    """pegawai.diskominfo rates agen.diskominfo as a peer."""
    return assign(open_cycle, agen_diskominfo.employee, pegawai_diskominfo.employee, PEER)


def full_answers(assignment, score=4):
    return [{"item": i.pk, "score": score} for i in items_for(assignment)]


def test_a_rater_sees_their_pending_assignments_with_the_deadline(api, pegawai_diskominfo, peer_assignment):
    response = api(pegawai_diskominfo).get("/api/v1/assignments/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == peer_assignment.pk
    assert row["deadline"] == peer_assignment.cycle.closes_on.isoformat()
    assert row["status"] == "pending"


def test_the_assignment_shows_every_item_and_the_scale(api, pegawai_diskominfo, peer_assignment):
    data = api(pegawai_diskominfo).get(f"/api/v1/assignments/{peer_assignment.pk}/").json()
    assert len(data["items"]) == 21
    assert [p["value"] for p in data["scale"]["points"]] == [1, 2, 3, 4, 5]


def test_a_rater_saves_a_draft_then_submits(api, pegawai_diskominfo, peer_assignment):
    client = api(pegawai_diskominfo)
    answers = full_answers(peer_assignment)
    draft = client.post(f"/api/v1/assignments/{peer_assignment.pk}/response/",
                        {"answers": answers[:5], "comment": "Sangat membantu."}, format="json")
    assert draft.status_code == 200
    assert draft.json()["status"] == "draft"
    done = client.post(f"/api/v1/assignments/{peer_assignment.pk}/response/",
                       {"answers": answers[5:], "comment": "Sangat membantu.", "submit": True}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "submitted"
    response = Response.objects.get(assignment=peer_assignment)
    assert response.submitted_at is not None
    # The answers now live apart from the assignment (issue 13): the draft rows and comment are gone.
    assert response.answers.count() == 0 and response.comment == ""
    stored = SubmittedAnswer.objects.filter(cycle=peer_assignment.cycle, subject=peer_assignment.subject, group=PEER)
    assert stored.count() == 21
    assert SubmittedComment.objects.get(cycle=peer_assignment.cycle).text == "Sangat membantu."
    # Submitted answers are final.
    again = client.post(f"/api/v1/assignments/{peer_assignment.pk}/response/", {"answers": answers}, format="json")
    assert again.status_code == 403
    # …and the assignment leaves the pending list.
    assert client.get("/api/v1/assignments/").json()["count"] == 0


def test_submitting_with_a_missing_item_is_a_field_error(api, pegawai_diskominfo, peer_assignment):
    answers = full_answers(peer_assignment)[:-1]
    response = api(pegawai_diskominfo).post(f"/api/v1/assignments/{peer_assignment.pk}/response/",
                                            {"answers": answers, "submit": True}, format="json")
    assert response.status_code == 400
    assert "Butir 21 belum dijawab." in response.json()["answers"]
    assert not Response.objects.filter(assignment=peer_assignment, submitted_at__isnull=False).exists()


@pytest.mark.parametrize("bad", [0, 6, "lima", 3.5, True, None])
def test_a_score_outside_the_scale_is_a_field_error(api, pegawai_diskominfo, peer_assignment, bad):
    answers = full_answers(peer_assignment)
    answers[2]["score"] = bad
    response = api(pegawai_diskominfo).post(f"/api/v1/assignments/{peer_assignment.pk}/response/",
                                            {"answers": answers, "submit": True}, format="json")
    assert response.status_code == 400
    assert any(m.startswith("Butir 3") for m in response.json()["answers"])
    assert not Answer.objects.filter(response__assignment=peer_assignment).exists()


def test_an_item_of_another_instrument_is_a_field_error(api, pegawai_diskominfo, peer_assignment, survey_instrument):
    foreign = Item.objects.filter(dimension__instrument=survey_instrument).first()
    response = api(pegawai_diskominfo).post(f"/api/v1/assignments/{peer_assignment.pk}/response/",
                                            {"answers": [{"item": foreign.pk, "score": 3}]}, format="json")
    assert response.status_code == 400
    assert "bukan bagian" in response.json()["answers"][0]


def test_another_persons_assignment_answers_404(api, login, agen_dinkes, peer_assignment, pegawai_diskominfo):
    client = api(agen_dinkes)
    assert client.get(f"/api/v1/assignments/{peer_assignment.pk}/").status_code == 404
    response = client.post(f"/api/v1/assignments/{peer_assignment.pk}/response/",
                           {"answers": full_answers(peer_assignment)}, format="json")
    assert response.status_code == 404
    assert login(agen_dinkes).get(reverse("evaluations:answer", args=[peer_assignment.pk])).status_code == 404


def test_the_subject_cannot_open_the_assignment_rating_them(api, agen_diskominfo, peer_assignment):
    assert api(agen_diskominfo).get(f"/api/v1/assignments/{peer_assignment.pk}/").status_code == 404


def test_answers_are_refused_after_the_close(api, tim_rb, pegawai_diskominfo, peer_assignment):
    assert api(tim_rb).post(f"/api/v1/cycles/{peer_assignment.cycle_id}/close/").status_code == 200
    response = api(pegawai_diskominfo).post(f"/api/v1/assignments/{peer_assignment.pk}/response/",
                                            {"answers": full_answers(peer_assignment), "submit": True}, format="json")
    assert response.status_code == 403
    assert "ditutup" in response.json()["detail"]
    assert not Response.objects.filter(assignment=peer_assignment).exists()


def test_answers_are_refused_after_the_deadline_even_before_tim_rb_closes(api, pegawai_diskominfo, peer_assignment):
    Cycle.objects.filter(pk=peer_assignment.cycle_id).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    response = api(pegawai_diskominfo).post(f"/api/v1/assignments/{peer_assignment.pk}/response/",
                                            {"answers": full_answers(peer_assignment)}, format="json")
    assert response.status_code == 403


def test_a_rater_never_sees_other_answers(api, pegawai_diskominfo, operator_diskominfo, peer_assignment):
    other = assign(peer_assignment.cycle, peer_assignment.subject, operator_diskominfo.employee, PEER)
    answer_all(other, 1, comment="Rahasia rekan lain.")
    listed = api(pegawai_diskominfo).get("/api/v1/assignments/?status=all").json()["results"]
    assert [row["id"] for row in listed] == [peer_assignment.pk]
    detail = api(pegawai_diskominfo).get(f"/api/v1/assignments/{peer_assignment.pk}/").json()
    assert detail["answers"] == [] and detail["comment"] == ""


# --- the answer page ------------------------------------------------------------------------------------------

def post_page(client, assignment, score=4, action="submit", skip=(), comment=""):
    data = {f"item_{i.pk}": score for n, i in enumerate(items_for(assignment), start=1) if n not in skip}
    data.update({"action": action, "comment": comment})
    return client.post(reverse("evaluations:answer", args=[assignment.pk]), data)


def test_the_answer_page_renders_a_radio_group_per_item(login, pegawai_diskominfo, peer_assignment):
    response = login(pegawai_diskominfo).get(reverse("evaluations:answer", args=[peer_assignment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="btn-check"') == 21 * 5
    assert "Selalu ditunjukkan secara konsisten" in html


def test_the_page_keeps_a_draft_and_then_submits(login, pegawai_diskominfo, peer_assignment):
    client = login(pegawai_diskominfo)
    assert post_page(client, peer_assignment, action="draft", skip={20, 21}).status_code == 302
    assert Response.objects.get(assignment=peer_assignment).submitted_at is None
    page = client.get(reverse("evaluations:answer", args=[peer_assignment.pk]))
    assert page.context["answered"] == 19
    assert post_page(client, peer_assignment, comment="Teladan dalam disiplin.").status_code == 302
    assert Response.objects.get(assignment=peer_assignment).submitted_at is not None


def test_the_page_marks_the_missing_items(login, pegawai_diskominfo, peer_assignment):
    response = post_page(login(pegawai_diskominfo), peer_assignment, skip={7})
    assert response.status_code == 400
    assert "Butir 7 belum dijawab." in response.context["errors"]
    rows = [r for s in response.context["sections"] for r in s["rows"]]
    assert rows[6]["error"] and not rows[5]["error"]
    assert rows[5]["value"] == 4            # what was chosen stays chosen


def test_the_page_refuses_answers_after_the_close(login, pegawai_diskominfo, peer_assignment):
    Cycle.objects.filter(pk=peer_assignment.cycle_id).update(status=Cycle.Status.CLOSED)
    client = login(pegawai_diskominfo)
    assert post_page(client, peer_assignment).status_code == 403
    page = client.get(reverse("evaluations:answer", args=[peer_assignment.pk]))
    assert "sudah ditutup" in page.content.decode()


def test_the_home_page_shows_pending_assignments(login, pegawai_diskominfo, peer_assignment):
    response = login(pegawai_diskominfo).get(reverse("home"))
    assert 'data-testid="panel-my-assignments"' in response.content.decode()
    assert peer_assignment.subject.name in response.content.decode()


def test_the_home_panel_lists_five_assignments_and_counts_all_pending_ones(login, tim_rb, pegawai_diskominfo,
                                                                          open_cycle, diskominfo, staff_of,
                                                                          survey_instrument):
    rater = pegawai_diskominfo.employee
    subjects = staff_of(diskominfo, 6, exclude=[rater.pk])
    for subject in subjects:
        assign(open_cycle, subject, rater, PEER)
    answer_all(assign(open_cycle, rater, rater, RaterGroup.SELF.value), 4)     # submitted: no longer pending
    survey = new_cycle(tim_rb, survey_instrument, name="Survei uji", status=Cycle.Status.OPEN,
                       closes_on=timezone.localdate() + dt.timedelta(days=2))         # the most urgent: listed first
    assign(survey, subjects[0], rater, PEER)
    response = login(pegawai_diskominfo).get(reverse("home"))
    panel = next(p for p in response.context["panels"] if p["template"].endswith("my_assignments.html"))
    assert panel["pending_count"] == 7
    assert len(panel["assignments"]) == 5
    html = response.content.decode()
    assert '<span class="badge text-bg-warning">7</span>' in html
    assert f"Survei budaya kerja {diskominfo.abbreviation or diskominfo.name}" in html   # a survey names the agency


def test_my_evaluations_names_the_subject_yourself_or_the_surveyed_agency(login, pegawai_diskominfo, open_cycle,
                                                                         peer_assignment):
    rater = pegawai_diskominfo.employee
    assign(open_cycle, rater, rater, RaterGroup.SELF.value)
    html = login(pegawai_diskominfo).get(reverse("evaluations:index")).content.decode()
    assert peer_assignment.subject.name in html
    assert "Penilaian diri sendiri" in html


def test_the_home_page_runs_the_same_queries_with_and_without_something_to_rate(login, pegawai_diskominfo,
                                                                               open_cycle, agen_diskominfo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(pegawai_diskominfo)

    def home_queries():
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("home"))
        return len(ctx.captured_queries)

    nothing_to_rate = home_queries()
    assign(open_cycle, agen_diskominfo.employee, pegawai_diskominfo.employee, PEER)
    assert home_queries() == nothing_to_rate


@pytest.mark.parametrize("submit", [False, True])
def test_a_comment_with_a_nul_character_gets_a_message_and_nothing_is_stored(login, pegawai_diskominfo,
                                                                               peer_assignment, submit):
    """PostgreSQL refuses NUL in text (a 500 before): the answer page says what to fix and keeps nothing."""
    data = {f"item_{i.pk}": "4" for i in items_for(peer_assignment)} | {"comment": "Baik\x00"}
    if submit:
        data["action"] = "submit"
    response = login(pegawai_diskominfo).post(reverse("evaluations:answer", args=[peer_assignment.pk]), data)
    assert response.status_code == 400  # the form again, with the message (as for every refused answer)
    assert "karakter yang tidak diizinkan" in response.content.decode()
    assert not SubmittedComment.objects.exists() and not SubmittedAnswer.objects.exists()
    assert not Response.objects.filter(assignment=peer_assignment, submitted_at__isnull=False).exists()
