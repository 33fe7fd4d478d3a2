"""NIPs are personal data, visible to HR scope only: no forum page or API answer shows one to a pegawai (issue 14).

The author here is an agent whose account was made by the portal on appointment (before, its username was the NIP
and was printed on every post as ``@<username>`` and in the API's ``author_username``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forums import services
from organization.identity.services import account_ensure
from organization.models import Employee, Role, RoleAssignment
from organization.nip import format_nip

pytestmark = pytest.mark.django_db


@pytest.fixture
def appointed_agent(diskominfo):
    employee = Employee.objects.filter(agency=diskominfo, user__isnull=True, is_active=True).order_by("pk").first()
    user = account_ensure(employee=employee)
    RoleAssignment.objects.create(user=user, role=Role.AGEN, agency=diskominfo)
    return user


def test_no_forum_page_or_api_shows_the_authors_nip_to_a_pegawai(client, api, appointed_agent, city_forum,
                                                                  pegawai_diskominfo):
    nip = appointed_agent.employee.nip
    topic = services.topic_create(forum=city_forum, author=appointed_agent, title="Arsip digital kelurahan",
                                  body="Mari kita mulai dari surat masuk.")
    post = services.post_create(topic=topic, author=appointed_agent, body="Tahap dua: disposisi elektronik.")
    client.force_login(pegawai_diskominfo)
    pages = [reverse("forums:index"), reverse("forums:forum", args=[city_forum.pk]),
             reverse("forums:topic", args=[topic.pk]), reverse("forums:search") + "?q=arsip",
             reverse("forums:post", args=[post.pk])]
    for url in pages:
        response = client.get(url, follow=True)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert nip not in body and format_nip(nip) not in body, url
    assert appointed_agent.username in client.get(reverse("forums:topic", args=[topic.pk])).content.decode()

    reader = api(pegawai_diskominfo)
    for url in (f"/api/v1/topics/{topic.pk}/", "/api/v1/topics/", f"/api/v1/posts/?topic={topic.pk}",
                f"/api/v1/posts/{post.pk}/"):
        response = reader.get(url)
        assert response.status_code == 200, url
        assert nip not in response.content.decode(), url
    assert reader.get(f"/api/v1/posts/{post.pk}/").json()["author_username"] == appointed_agent.username
