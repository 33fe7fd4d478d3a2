"""Every role's home page (panels from every app) runs the same number of queries with little and with more data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import services as forum_services
from forums.models import Forum
from notifications.services import notify
from organization.models import Employee, User
from tests.agents.conftest import make_agent, make_project
from tests.conftest import DEMO_USERNAMES

pytestmark = pytest.mark.django_db


def home_queries(client, username):
    client.force_login(User.objects.get(username=username))
    client.get(reverse("home"))  # warm per-process caches the way a second visit finds them
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_data(diskominfo):
    forum = Forum.objects.get(agency=diskominfo)
    author = User.objects.get(username="agen.diskominfo")
    for i in range(15):
        forum_services.topic_create(forum=forum, author=author, title=f"Topik tambahan nomor {i}", body="Isi topik.")
    notify(recipients=User.objects.filter(username__in=DEMO_USERNAMES), kind="demo", title="Kabar", email=False)
    for employee in Employee.objects.filter(agency=diskominfo, user__isnull=True).order_by("pk")[:8]:
        make_project(make_agent(employee))


def test_home_pages_run_a_fixed_number_of_queries_for_every_role(client, diskominfo):
    forum_services.forum_sync_all()  # as after migrations: every agency has its forum
    before = {u: home_queries(client, u) for u in DEMO_USERNAMES}
    add_data(diskominfo)
    after = {u: home_queries(client, u) for u in DEMO_USERNAMES}
    assert after == before
    assert max(before.values()) <= 40, before
