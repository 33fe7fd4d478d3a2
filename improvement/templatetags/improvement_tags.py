from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``mapping|lookup:key`` (a dict entry by a variable key), ``None`` if absent."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def improvement_dashboard_figures(context):
    """The figures of ``improvement/_dashboard_panel.html`` for the signed-in reader (selectors.dashboard_figures)."""
    from ..selectors import dashboard_figures

    request = context.get("request")
    return dashboard_figures(request.user) if request is not None else None
