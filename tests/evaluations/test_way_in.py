"""Every rater needs a way in: opening a cycle says how many have none and asks for confirmation; raters without an
account are sent an activation link when the cycle opens and with each reminder."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from evaluations import reminders, selectors
from evaluations.models import Cycle, RaterGroup
from notifications import reminders as registry
from organization.identity.selectors import no_way_in_q
from organization.models import Employee, User

from .conftest import assign, new_cycle

PEER = RaterGroup.PEER.value
pytestmark = pytest.mark.django_db


def raters(agency, n, *, email: bool):
    employees = list(Employee.objects.filter(agency=agency, is_active=True, user__isnull=True).order_by("pk")[:n])
    for e in employees:
        e.email = f"r{e.pk}@bandung.go.id" if email else ""
        e.save(update_fields=["email"])
    return employees


@pytest.fixture
def draft_with_two_unreachable(tim_rb, instrument_360, diskominfo, dinkes, agen_diskominfo, pegawai_diskominfo):
    cycle = new_cycle(tim_rb, instrument_360)
    subject = agen_diskominfo.employee
    assign(cycle, subject, pegawai_diskominfo.employee, PEER)
    for rater in raters(diskominfo, 2, email=False) + raters(dinkes, 1, email=True):
        assign(cycle, subject, rater, PEER)
    return cycle


def test_the_cycle_page_shows_how_many_raters_have_no_way_in(login, tim_rb, draft_with_two_unreachable):
    assert selectors.raters_without_way_in(draft_with_two_unreachable) == 2
    body = login(tim_rb).get(reverse("evaluations:cycle_detail", args=[draft_with_two_unreachable.pk])).content.decode()
    assert "2 penilai yang sudah ditugaskan belum punya akun dan tidak punya e-mail" in body
    assert 'name="confirm_no_way_in" value="2"' in body


def test_opening_asks_for_confirmation_of_that_number(login, tim_rb, draft_with_two_unreachable):
    client = login(tim_rb)
    url = reverse("evaluations:cycle_open", args=[draft_with_two_unreachable.pk])
    refused = client.post(url, follow=True)
    assert "2 penilai belum punya akun dan tidak punya e-mail" in refused.content.decode()
    assert Cycle.objects.get(pk=draft_with_two_unreachable.pk).status == Cycle.Status.DRAFT
    client.post(url, {"confirm_no_way_in": "1"})  # a stale number asks again
    assert Cycle.objects.get(pk=draft_with_two_unreachable.pk).status == Cycle.Status.DRAFT
    client.post(url, {"confirm_no_way_in": "2"})
    assert Cycle.objects.get(pk=draft_with_two_unreachable.pk).status == Cycle.Status.OPEN


def test_an_open_cycle_shows_the_number_next_to_the_response_rate(login, tim_rb, draft_with_two_unreachable):
    Cycle.objects.filter(pk=draft_with_two_unreachable.pk).update(status=Cycle.Status.OPEN)
    client = login(tim_rb)
    page = client.get(reverse("evaluations:cycle_detail", args=[draft_with_two_unreachable.pk])).content.decode()
    assert "2 penilai belum bisa masuk" in page
    dashboard = client.get(reverse("dashboards:index")).content.decode()
    assert re.search(r'data-testid="no-way-in">\s*2 penilai belum bisa masuk', dashboard)


def test_raters_without_an_account_get_an_activation_link_when_the_cycle_opens_and_once_per_reminder(
        draft_with_two_unreachable):
    Cycle.objects.filter(pk=draft_with_two_unreachable.pk).update(status=Cycle.Status.OPEN)
    cycle = Cycle.objects.get(pk=draft_with_two_unreachable.pk)
    reachable = Employee.objects.get(rating_assignments__cycle=cycle, agency__code="DINKES")
    reminders.remind_cycle(cycle, reminders.PERIOD_OPEN)
    activation = [m for m in mail.outbox if "/accounts/aktivasi/" in m.body]
    assert [m.to for m in activation] == [[reachable.email]]
    account = User.objects.get(employee=reachable)
    assert not account.has_usable_password() and reachable.nip not in account.username
    reminders.remind_cycle(cycle, reminders.PERIOD_OPEN)  # the same moment again: nothing new
    assert len([m for m in mail.outbox if "/accounts/aktivasi/" in m.body]) == 1
    reminders.remind_cycle(cycle, reminders.PERIOD_TWO_DAYS)  # the next reminder carries a fresh link
    assert len([m for m in mail.outbox if "/accounts/aktivasi/" in m.body]) == 2


def test_the_count_is_one_query(draft_with_two_unreachable, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.raters_without_way_in(draft_with_two_unreachable)


def test_the_demo_city_leaves_no_employee_without_a_way_in(db):
    assert Employee.objects.filter(is_active=True).filter(no_way_in_q()).count() == 0


def test_the_reminder_run_still_reaches_activated_accounts_only_in_app(draft_with_two_unreachable):
    Cycle.objects.filter(pk=draft_with_two_unreachable.pk).update(status=Cycle.Status.OPEN)
    assert registry.run("rating_pending", now=timezone.now(), force=True) == 1  # pegawai.diskominfo
