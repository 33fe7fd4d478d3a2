"""``{% navbar %}`` and ``{% footer %}``: the cached page chrome of base.html (see organization/chrome.py)."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.utils.html import format_html

from organization import chrome
from organization.institution import current_institution

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


@register.simple_tag(takes_context=True)
def theme_style(context):
    """The institution's colours as Bootstrap's CSS variables (static/css/app.css builds the theme on them). With a
    request, the institution comes with the chrome's versions (one round trip to the cache for both)."""
    request = context.get("request")
    try:
        css = (chrome.institution(request) if request is not None else current_institution()).theme_css
    except DatabaseError:  # an error page rendered with the database down still gets the default theme
        return ""
    return format_html("<style>{}</style>", css)
