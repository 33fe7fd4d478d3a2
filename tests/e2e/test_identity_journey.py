"""End to end in Chromium: a rater without an account activates it by link and finds their assignment; an employee
signs in through the institution's SSO (a real OpenID Connect provider process) and lands on their assignments."""

import datetime as dt
import re
import time

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.oidc_provider.process import running_provider

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SSO_PASSWORD = "sandi-sso-uji-2026"


def open_cycle_rated_by(rater):
    """An open 360° cycle in which ``rater`` rates agen.diskominfo as a peer."""
    from evaluations import services
    from evaluations.defaults import BEHAVIOUR_360_CODE, ensure_default_instruments
    from evaluations.models import Assignment, Instrument, RaterGroup
    from organization.models import User

    ensure_default_instruments()
    tim = User.objects.get(username="tim.rb")
    agen = User.objects.select_related("employee").get(username="agen.diskominfo").employee
    today = timezone.localdate()
    cycle = services.cycle_create(by=tim, name="Penilaian 360° aktivasi", instrument=Instrument.objects.get(
        code=BEHAVIOUR_360_CODE), opens_on=today, closes_on=today + dt.timedelta(days=7))
    Assignment.objects.create(cycle=cycle, subject=agen, rater=rater, group=RaterGroup.PEER, is_manual=True)
    return services.cycle_open(cycle=cycle, by=tim)


def rater_without_account(agency_code="DISKOMINFO"):
    from organization.models import Employee

    return (Employee.objects.filter(agency__code=agency_code, is_active=True, user__isnull=True).exclude(email="")
            .order_by("pk").first())


def wait_for_mail(count: int, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return mail.outbox


def test_a_rater_without_an_account_activates_it_by_link_and_finds_the_assignment(new_page, live):
    rater = rater_without_account()
    open_cycle_rated_by(rater)
    # Opening the cycle already sent the rater a link; they lost it and ask again from the login page.
    assert [m.to for m in wait_for_mail(1)] == [[rater.email]]
    page = new_page()
    page.goto(f"{live.url}/evaluations/")
    page.get_by_role("link", name="Belum punya akun? Aktifkan akun").click()
    page.fill("input[name=nip]", rater.nip_display)
    page.get_by_role("button", name="Kirim tautan aktivasi").click()
    expect(page.get_by_test_id("activation-requested")).to_contain_text("tautan aktivasi sudah dikirim")
    message = wait_for_mail(2)[-1]
    assert message.to == [rater.email]
    link = re.search(r"https?://\S+/accounts/aktivasi/\S+/", message.body).group(0)
    path = link.split("/accounts/", 1)[1]

    page.goto(f"{live.url}/accounts/{path}")
    page.fill("input[name=new_password1]", "Kopi-Tubruk-Sore-42")
    page.fill("input[name=new_password2]", "Kopi-Tubruk-Sore-42")
    screenshot(page, "identity-activation")
    page.get_by_role("button", name="Aktifkan akun dan masuk").click()
    page.wait_for_selector("text=Akun Anda aktif")
    page.goto(f"{live.url}/evaluations/")
    assert "Penilaian 360° aktivasi" in page.get_by_test_id("pending-assignments").inner_text()

    page.goto(f"{live.url}/accounts/{path}")  # the link is spent
    assert "Tautan tidak berlaku" in page.content()


def test_an_employee_signs_in_through_sso_and_lands_on_their_assignments(new_page, live, settings, tmp_path):
    from organization.identity import oidc

    rater = rater_without_account("DINKES")
    open_cycle_rated_by(rater)
    users = [{"nip": rater.nip, "name": rater.name, "password": SSO_PASSWORD, "email": rater.email}]
    with running_provider(tmp_path=tmp_path, users=users, redirect_uris=[f"{live.url}/oidc/callback/"]) as op:
        for key, value in op.rp_settings().items():
            setattr(settings, key, value)
        oidc._discovery_cache.clear()
        page = new_page()
        page.goto(f"{live.url}/evaluations/")
        page.get_by_test_id("sso-login").click()
        page.wait_for_url(f"{op.base_url}/login/**")
        page.fill("input[name=username]", rater.nip)
        page.fill("input[name=password]", SSO_PASSWORD)
        started = time.perf_counter()
        page.get_by_role("button", name="Masuk SSO").click()
        page.wait_for_url(f"{live.url}/evaluations/")
        print(f"\nSSO in the browser, provider login → portal page: {(time.perf_counter() - started) * 1000:.0f} ms")
        assert "Penilaian 360° aktivasi" in page.get_by_test_id("pending-assignments").inner_text()
        screenshot(page, "identity-sso-landing")
