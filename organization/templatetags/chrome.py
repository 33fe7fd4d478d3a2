"""``{% navbar %}`` and ``{% footer %}``: the cached page chrome of base.html (see organization/chrome.py)."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from organization import chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def navbar(context):
    request = context.get("request")
    if request is None:  # a page rendered without a request (an error page): the anonymous navbar, not cached
        return render_to_string("includes/navbar.html", {"user": AnonymousUser()})
    return chrome.navbar(request)


@register.simple_tag(takes_context=True)
def footer(context):
    request = context.get("request")
    if request is None:
        return render_to_string("includes/footer.html", {"LANGUAGE_CODE": context.get("LANGUAGE_CODE")})
    return chrome.footer(request)
