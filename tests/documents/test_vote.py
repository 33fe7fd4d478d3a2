"""The staff vote: one secret vote per person, live turnout, results only after the window, share in the total."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from agents import permissions, services
from agents.models import Nomination, VoteCast, VoteTally
from agents.services import votes

from .conftest import close_vote, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortlist(voting_period, nominate):
    return [nominate("endorsed", on_period=voting_period), nominate("submitted", on_period=voting_period)]


def test_the_record_of_who_voted_has_no_link_to_the_choice(voting_period, shortlist, pegawai_diskominfo):
    services.vote_cast(period=voting_period, by=pegawai_diskominfo, nomination_id=shortlist[0].pk)
    cast_columns = {f.column for f in VoteCast._meta.concrete_fields}
    tally_columns = {f.column for f in VoteTally._meta.concrete_fields}
    assert cast_columns == {"id", "period_id", "agency_id", "voter_id"}  # no choice, no time
    assert tally_columns == {"id", "nomination_id", "votes"}  # no voter, no time
    with connection.cursor() as cursor:
        tables = {t.name: [c.name for c in connection.introspection.get_table_description(cursor, t.name)]
                  for t in connection.introspection.get_table_list(cursor)}
    # No table in the database holds both a voter and a nomination of the vote.
    assert not any("voter_id" in cols and "nomination_id" in cols for cols in tables.values())
    assert VoteTally.objects.get(nomination=shortlist[0]).votes == 1


def test_each_person_votes_once(voting_period, shortlist, pegawai_diskominfo):
    services.vote_cast(period=voting_period, by=pegawai_diskominfo, nomination_id=shortlist[0].pk)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(period=voting_period, by=pegawai_diskominfo, nomination_id=shortlist[1].pk)
    assert votes.ALREADY_VOTED in str(exc.value)
    assert VoteTally.objects.filter(nomination=shortlist[1]).first() is None
    assert VoteCast.objects.filter(period=voting_period).count() == 1


def test_a_vote_for_another_agencys_candidate_is_refused(voting_period, nominate, dinkes, operator_dinkes,
                                                         kepala_dinkes, pegawai_diskominfo):
    other = nominate("endorsed", on_period=voting_period, agency=dinkes, operator=operator_dinkes,
                     kepala=kepala_dinkes)
    with pytest.raises(ValidationError):
        services.vote_cast(period=voting_period, by=pegawai_diskominfo, nomination_id=other.pk)
    assert not VoteCast.objects.exists()


def test_a_user_without_an_employee_record_cannot_vote(voting_period, shortlist, admin_user):
    assert not permissions.can_vote(admin_user, voting_period)
    with pytest.raises(PermissionDenied):
        services.vote_cast(period=voting_period, by=admin_user, nomination_id=shortlist[0].pk)


def test_an_employee_may_vote_when_the_period_has_a_vote(voting_period, pegawai_diskominfo):
    assert permissions.can_vote(pegawai_diskominfo, voting_period)


def test_no_vote_after_the_window(voting_period, shortlist, pegawai_diskominfo):
    period = close_vote(voting_period)
    with pytest.raises(ValidationError):
        services.vote_cast(period=period, by=pegawai_diskominfo, nomination_id=shortlist[0].pk)


def test_results_are_hidden_until_the_window_closes_even_from_tim_rb(voting_period, shortlist, pegawai_diskominfo,
                                                                      tim_rb, login, api):
    services.vote_cast(period=voting_period, by=pegawai_diskominfo, nomination_id=shortlist[0].pk)
    agency = shortlist[0].agency_id
    assert not permissions.can_view_vote_results(tim_rb, voting_period, agency)
    page = login(tim_rb).get(reverse("agents:vote", args=[voting_period.pk]) + f"?agency={agency}")
    assert page.status_code == 200
    assert "vote-results" not in page.content.decode()
    assert "Partisipasi: 1 dari" in page.content.decode()  # turnout is live
    body = api(tim_rb).get(f"/api/v1/periods/{voting_period.pk}/vote/?agency={agency}").json()
    assert body["results"] is None and body["turnout"]["cast"] == 1
    period = close_vote(voting_period)
    assert permissions.can_view_vote_results(tim_rb, period, agency)
    body = api(tim_rb).get(f"/api/v1/periods/{period.pk}/vote/?agency={agency}").json()
    assert body["results"][0] == {"nomination": shortlist[0].pk, "name": shortlist[0].candidate.name, "votes": 1,
                                  "share": "100.00"}


def test_staff_vote_on_the_page_and_see_the_profile_and_work_programme(voting_period, shortlist, pegawai_diskominfo,
                                                                        login):
    client = login(pegawai_diskominfo)
    url = reverse("agents:vote", args=[voting_period.pk])
    page = client.get(url).content.decode()
    assert shortlist[0].candidate.name in page and "Program kerja" in page
    assert client.post(url, {"nomination": shortlist[1].pk}).status_code == 302
    assert "Anda sudah memberikan suara" in client.get(url).content.decode()
    assert client.post(url, {"nomination": shortlist[0].pk}).status_code == 302  # refused with a message
    assert VoteTally.objects.get(nomination=shortlist[1]).votes == 1
    assert not VoteTally.objects.filter(nomination=shortlist[0], votes__gt=0).exists()


def test_another_agencys_staff_cannot_see_the_vote(voting_period, shortlist, kepala_dinkes, login):
    url = reverse("agents:vote", args=[voting_period.pk]) + f"?agency={shortlist[0].agency_id}"
    assert login(kepala_dinkes).get(url).status_code == 404


def test_the_vote_share_is_one_weighted_criterion_once_the_vote_closed(voting_period, shortlist, pegawai_diskominfo,
                                                                        tim_rb, second_panel_member):
    nomination = shortlist[0]
    score_all(nomination, second_panel_member, 4)  # panel total 80.00 (4 of 5 on every criterion)
    assert Nomination.objects.get(pk=nomination.pk).score_total == Decimal("80.00")
    services.vote_cast(period=voting_period, by=pegawai_diskominfo, nomination_id=nomination.pk)
    period = close_vote(voting_period)
    services.period_close_scoring(period=period, by=tim_rb)
    # Criteria weigh 5 × 20 = 100, the vote 25: (80 × 100 + 100 × 25) / 125 = 84.00.
    assert Nomination.objects.get(pk=nomination.pk).score_total == Decimal("84.00")


def test_scoring_cannot_close_before_the_vote_has(voting_period, tim_rb):
    with pytest.raises(ValidationError):
        services.period_close_scoring(period=voting_period, by=tim_rb)


def test_the_vote_page_reads_in_a_fixed_number_of_queries(voting_period, nominate, pegawai_diskominfo, login,
                                                          django_assert_max_num_queries):
    client = login(pegawai_diskominfo)
    url = reverse("agents:vote", args=[voting_period.pk])
    nominate("endorsed", on_period=voting_period)
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    for _ in range(6):
        nominate("submitted", on_period=voting_period)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_vote_api_reads_in_a_fixed_number_of_queries_after_the_close(voting_period, nominate, tim_rb, api,
                                                                         django_assert_max_num_queries):
    agency_id = nominate("endorsed", on_period=voting_period).agency_id
    period = close_vote(voting_period)
    url = f"/api/v1/periods/{period.pk}/vote/?agency={agency_id}"
    client = api(tim_rb)
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    for _ in range(6):
        nominate("endorsed", on_period=period)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.json()["results"]) == 7


def test_a_vote_needs_a_window_that_closes_after_it_opens(tim_rb):
    from django.utils import timezone

    from tests.agents.conftest import make_period

    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        make_period(tim_rb, vote_enabled=True, vote_opens=now, vote_closes=now)
    assert "vote_closes" in exc.value.message_dict
    with pytest.raises(ValidationError):
        make_period(tim_rb, vote_enabled=True)
