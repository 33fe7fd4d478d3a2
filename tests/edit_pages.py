"""Every edit form of the portal, with an object to edit and the role that edits it.

Shared by the unit test on the rendered number inputs (tests/proof/test_number_inputs.py) and the browser test that
saves each form unchanged (tests/e2e/test_edit_forms.py). Dates are relative to today.
"""

from __future__ import annotations

from django.urls import reverse


def edit_pages() -> list[tuple[str, str, str]]:
    """``(name, username, url)`` for each edit form, its object made through the services."""
    from agents import services as agent_services
    from evaluations.defaults import BEHAVIOUR_360_CODE, ensure_default_instruments
    from evaluations.models import Instrument
    from forums import services as forum_services
    from forums.models import Forum
    from organization.models import Agency, Employee, User
    from tests.agents.conftest import JUSTIFICATION, make_agent, make_employee, make_period, make_project
    from tests.evaluations.conftest import new_cycle

    users = {u.username: u for u in User.objects.select_related("employee").filter(
        username__in=["tim.rb", "operator.diskominfo", "agen.diskominfo"])}
    tim, operator, agen = users["tim.rb"], users["operator.diskominfo"], users["agen.diskominfo"]
    diskominfo = Agency.objects.get(code="DISKOMINFO")

    period = make_period(tim)
    nomination = agent_services.nomination_create(by=operator, period=period, candidate=make_employee(diskominfo),
                                                  justification=JUSTIFICATION)
    project = make_project(make_agent(agen.employee))
    ensure_default_instruments()
    instrument = Instrument.objects.filter(code=BEHAVIOUR_360_CODE).order_by("version").first()
    dimension = instrument.dimensions.order_by("order", "pk").first()
    item = dimension.items.order_by("order", "pk").first()
    cycle = new_cycle(tim, instrument, name="Siklus uji formulir")
    employee = Employee.objects.filter(agency=diskominfo, is_active=True).order_by("pk").first()
    forum_services.forum_sync_all()
    topic = forum_services.topic_create(forum=Forum.objects.get(agency=diskominfo), author=agen,
                                       title="Uji formulir ubah", body="Isi pertama.")
    post = topic.posts.order_by("pk").first()
    return [
        ("period", "tim.rb", reverse("agents:period_edit", args=[period.pk])),
        ("cycle", "tim.rb", reverse("evaluations:cycle_edit", args=[cycle.pk])),
        ("instrument", "tim.rb", reverse("evaluations:instrument_edit", args=[instrument.pk])),
        ("dimension", "tim.rb", reverse("evaluations:dimension_edit", args=[instrument.pk, dimension.pk])),
        ("item", "tim.rb", reverse("evaluations:item_edit", args=[instrument.pk, item.pk])),
        ("employee", "operator.diskominfo", reverse("organization:employee_edit", args=[employee.pk])),
        ("nomination", "operator.diskominfo", reverse("agents:nomination_edit", args=[nomination.pk])),
        ("project", "agen.diskominfo", reverse("agents:project_edit", args=[project.pk])),
        ("post", "agen.diskominfo", reverse("forums:post_edit", args=[post.pk])),
        ("preferences", "agen.diskominfo", reverse("notifications:preferences")),
    ]
