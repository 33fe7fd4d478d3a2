import pytest
from django.urls import reverse

from .conftest import fill_agency

pytestmark = pytest.mark.django_db


def _count(client, agency, period, django_assert_max_num_queries):
    url = reverse("zi:workspace", args=[agency.pk]) + f"?period={period.pk}"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_workspace_page_makes_the_same_queries_at_two_sizes(diskominfo, period, media_root, client,
                                                                 operator_diskominfo, django_assert_max_num_queries):
    from zi import services
    from zi.models import Indicator

    first = fill_agency(diskominfo, period, agents=1, reports=1)
    services.evidence_add_link(by=operator_diskominfo, agency=diskominfo, period=period,
                               indicator=Indicator.objects.get(code="I.4.c"), link_kind="project",
                               object_id=first["projects"][0].pk)
    client.force_login(operator_diskominfo)
    small = _count(client, diskominfo, period, django_assert_max_num_queries)
    world = fill_agency(diskominfo, period, agents=6, reports=3)
    for project in world["projects"]:
        services.evidence_add_link(by=operator_diskominfo, agency=diskominfo, period=period,
                                   indicator=Indicator.objects.get(code="I.4.c"), link_kind="project",
                                   object_id=project.pk)
    large = _count(client, diskominfo, period, django_assert_max_num_queries)
    assert large == small <= 25
