from django import template

register = template.Library()

#: What the city dashboard's panel shows: weak values and plans (this app) and the cycles' names and order.
PANEL_TEMPLATE = "improvement/_dashboard_panel_body.html"


@register.filter
def lookup(mapping, key):
    """``mapping|lookup:key`` (a dict entry by a variable key), ``None`` if absent."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def improvement_dashboard_panel(context):
    """The city dashboard's panel for the signed-in reader, rendered once and cached under the versions of the
    data it shows (``data_versions.IMPROVEMENT``: every write to this app's tables, ``EVALUATIONS``: the cycles'
    names and publication order) and the reader's scope (only city readers get figures; ``dashboard_figures``
    decides): a warm dashboard runs none of its three queries."""
    from agenperubahan import data_versions, fragments

    from ..selectors import dashboard_figures

    request = context.get("request")
    if request is None:
        return ""
    user = request.user
    return fragments.cached_render(PANEL_TEMPLATE, lambda: {"fig": dashboard_figures(user)},
                                   versions=(data_versions.IMPROVEMENT, data_versions.EVALUATIONS),
                                   vary=(fragments.scope_of(user),))
