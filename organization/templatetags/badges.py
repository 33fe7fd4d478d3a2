"""``{% load badges %}{% employee_badges employee %}``: the badges beside a person's name (organization.badges)."""

from django import template

from .. import badges as registry

register = template.Library()


@register.inclusion_tag("organization/_badges.html")
def employee_badges(employee):
    return {"badges": registry.for_employees([getattr(employee, "pk", None)]).get(getattr(employee, "pk", None), ())}
