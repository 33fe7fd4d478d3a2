import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS

from .. import permissions

register = template.Library()


@register.simple_tag
def is_forum_moderator(user) -> bool:
    return permissions.is_moderator(user)


# Forum lists show two or three dates per row. The ``date`` filter runs a general formatter (~40 µs a date); these
# give the same text as ``date:"j F Y"`` and ``date:"j F Y H:i"`` (local time, month names in the active language).

def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def long_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return f"{value.day} {MONTHS[value.month]} {value.year}"


@register.filter
def long_datetime(value) -> str:
    if not value:
        return ""
    value = _local(value)
    return f"{value.day} {MONTHS[value.month]} {value.year} {value:%H:%M}"
