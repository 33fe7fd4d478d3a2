"""``{% load institution %}{% current_institution as institution %}`` for templates rendered without a request
(e-mails, the password-reset message); pages get ``institution`` from the context processor."""

from django import template

from ..institution import current_institution as _current

register = template.Library()


@register.simple_tag
def current_institution():
    return _current()
