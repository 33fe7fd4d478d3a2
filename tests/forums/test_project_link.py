"""A forum topic can follow a change project: the topic shows the project's progress, the project lists its topics."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forums import services
from tests.agents.conftest import make_agent as make_change_agent
from tests.agents.conftest import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(agen_diskominfo):
    agent = make_change_agent(agen_diskominfo.employee)
    return make_project(agent, title="Antrean daring layanan informasi", progress=40)


def test_an_agent_links_a_topic_to_their_project_and_the_topic_shows_its_progress(
        login, agen_diskominfo, diskominfo_forum, project):
    client = login(agen_diskominfo)
    form_page = client.get(reverse("forums:topic_create", args=[diskominfo_forum.pk]) + f"?proyek={project.pk}")
    assert "Proyek perubahan terkait" in form_page.content.decode()
    response = client.post(reverse("forums:topic_create", args=[diskominfo_forum.pk]), {
        "title": "Kemajuan antrean daring", "body": "Bulan ini kami uji coba di loket 1.", "project": project.pk,
    })
    assert response.status_code == 302
    topic = diskominfo_forum.topics.get(title="Kemajuan antrean daring")
    assert topic.project == project
    page = client.get(reverse("forums:topic", args=[topic.pk])).content.decode()
    assert 'data-testid="topic-project"' in page and "40%" in page
    assert reverse("agents:project_detail", args=[project.pk]) in page


def test_the_project_page_lists_the_topics_that_follow_it(login, agen_diskominfo, diskominfo_forum, project):
    services.topic_create(forum=diskominfo_forum, author=agen_diskominfo, title="Evaluasi antrean daring",
                          body="Catatan evaluasi.", project=project)
    page = login(agen_diskominfo).get(reverse("agents:project_detail", args=[project.pk])).content.decode()
    assert "Evaluasi antrean daring" in page
    assert f"?proyek={project.pk}" in page


def test_a_project_of_another_agency_cannot_be_linked(agen_dinkes, dinkes_forum, project):
    with pytest.raises(ValidationError) as excinfo:
        services.topic_create(forum=dinkes_forum, author=agen_dinkes, title="Topik lintas PD",
                              body="Isi.", project=project)
    assert "project" in excinfo.value.message_dict


def test_the_api_creates_a_linked_topic_and_reports_the_progress(api, agen_diskominfo, diskominfo_forum, project):
    response = api(agen_diskominfo).post("/api/v1/topics/", {
        "forum": diskominfo_forum.pk, "title": "Topik lewat API", "body": "Isi topik.", "project": project.pk,
    }, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["project"] == project.pk
    assert response.json()["project_progress"] == 40


def test_the_api_refuses_a_project_outside_the_forum(api, agen_dinkes, dinkes_forum, project):
    response = api(agen_dinkes).post("/api/v1/topics/", {
        "forum": dinkes_forum.pk, "title": "Topik lintas PD", "body": "Isi.", "project": project.pk,
    }, format="json")
    assert response.status_code == 400
    assert "project" in response.json()
