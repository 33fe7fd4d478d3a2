"""Forum fixtures: the forums synced once per test database, a second Diskominfo agent, and small helpers."""

from __future__ import annotations

import pytest

from forums import services
from forums.models import Forum
from organization.models import Employee, Role, RoleAssignment, User


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        services.forum_sync_all()


def make_agent(username: str, agency, role: str = Role.AGEN) -> User:
    """A user linked to an employee of ``agency`` holding an active agency role (default: agen)."""
    employee = Employee.objects.filter(agency=agency, user__isnull=True).order_by("-pk").first()
    user = User.objects.create_user(username=username, password="x", email=f"{username}@example.go.id",
                                    first_name=username.split(".")[0].title(), employee=employee)
    RoleAssignment.objects.create(user=user, role=role, agency=agency)
    return User.objects.select_related("employee").get(pk=user.pk)


@pytest.fixture
def agen2_diskominfo(db, diskominfo):
    return make_agent("rina.diskominfo", diskominfo)


@pytest.fixture
def role_model_dinkes(db, dinkes):
    return make_agent("rolemodel.dinkes", dinkes, Role.ROLE_MODEL)


@pytest.fixture
def city_forum(db):
    return Forum.objects.get(kind=Forum.Kind.CITY)


@pytest.fixture
def diskominfo_forum(db, diskominfo):
    return Forum.objects.get(agency=diskominfo)


@pytest.fixture
def dinkes_forum(db, dinkes):
    return Forum.objects.get(agency=dinkes)


@pytest.fixture
def new_topic():
    """``new_topic(forum, author, title=..., body=...)`` opens a topic through the service."""

    def _new_topic(forum, author, title="Digitalisasi arsip surat masuk", body="Mari kita mulai.", **kwargs):
        return services.topic_create(forum=forum, author=author, title=title, body=body, **kwargs)

    return _new_topic


def fresh(user: User) -> User:
    """The same user without cached role assignments (as a new request would see them)."""
    return User.objects.select_related("employee").get(pk=user.pk)
