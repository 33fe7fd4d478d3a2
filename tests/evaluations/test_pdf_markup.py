"""Names, positions, comments and agency names reach the results PDFs as literal text (issue 14, PDF markup)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from evaluations.models import Cycle, RaterGroup
from tests.pdf_checks import PAYLOADS, assert_literal, text_of

from .conftest import answer_all, assign, new_cycle


@pytest.fixture
def hostile(tim_rb, instrument_360, diskominfo, staff_of):
    """A published cycle whose subject, agency and comments carry ReportLab markup."""
    cycle = new_cycle(tim_rb, instrument_360, name="Siklus <b>uji", status=Cycle.Status.PUBLISHED)
    subject, *peers = staff_of(diskominfo, 4)
    subject.name = f"Budi {PAYLOADS['link']}"
    subject.position = f"Kepala {PAYLOADS['img']}"
    subject.save()
    diskominfo.name = f"Dinas {PAYLOADS['unbalanced']}"
    diskominfo.save()
    answer_all(assign(cycle, subject, subject, "self"), 4)
    for n, p in enumerate(peers):
        answer_all(assign(cycle, subject, p, RaterGroup.PEER.value), 5,
                   comment=[PAYLOADS["a"], PAYLOADS["font"], "biasa"][n])
    from evaluations import disclosure, services

    for comment in disclosure.reviewable_comments(cycle):       # Tim RB releases them (issue 13)
        services.comment_review(comment=comment, by=tim_rb, status="published")
    return cycle, subject


def test_the_subject_pdf_prints_markup_in_names_positions_and_comments_literally(login, tim_rb, hostile):
    cycle, subject = hostile
    response = login(tim_rb).get(reverse("evaluations:subject_result_pdf", args=[cycle.pk, subject.pk]))

    assert response.status_code == 200
    assert_literal(response.content, subject.name, subject.position, PAYLOADS["a"], PAYLOADS["font"])


def test_the_results_pdf_prints_markup_in_agency_names_literally(login, tim_rb, hostile, diskominfo):
    cycle, _subject = hostile
    response = login(tim_rb).get(reverse("evaluations:results_pdf", args=[cycle.pk]))

    assert response.status_code == 200
    assert_literal(response.content, diskominfo.name, "Siklus <b>uji")


def test_scores_in_the_pdf_follow_the_language(login, tim_rb, hostile):
    cycle, subject = hostile
    url = reverse("evaluations:subject_result_pdf", args=[cycle.pk, subject.pk])
    client = login(tim_rb)
    indonesian = text_of(client.get(url).content)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    try:
        english = text_of(client.get(url).content)
    finally:
        translation.activate("id")  # the request's language stays active in this thread otherwise

    assert re.search(r"Skor keseluruhan: \d+,\d \(", indonesian)
    assert re.search(r"Overall score: \d+\.\d \(", english)
