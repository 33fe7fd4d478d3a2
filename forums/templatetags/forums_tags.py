import datetime as dt
import functools
import hashlib
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from organization import badges as name_badges
from organization.formats import long_date, long_datetime

from .. import fragments, permissions

register = template.Library()

WIB = ZoneInfo("Asia/Jakarta")


@register.simple_tag
def is_forum_moderator(user) -> bool:
    return permissions.is_moderator(user)


register.filter("long_date", long_date)
register.filter("long_datetime", long_datetime)


@register.filter
def wib_text(value) -> str:
    """``28 November 2026 14:05 WIB``: the time in Jakarta whatever the active time zone (the label must be true)."""
    if not isinstance(value, dt.datetime):
        return ""
    local = value.astimezone(WIB) if timezone.is_aware(value) else value
    return f"{local.day} {MONTHS[local.month]} {local.year:04d} {local:%H:%M} WIB"


@register.filter
def wib(value) -> str:
    """Every time the forums show: ``<time datetime="…+07:00">28 November 2026 14:05 WIB</time>``, with the zone
    spelled out in the tooltip. One filter for topic lists, posts, history, search results and the moderation log.
    Absolute, not "2 jam lalu": rows and post heads are cached by what they show (forums.fragments), and a
    relative time would be stale in them."""
    text = wib_text(value)
    if not text:
        return ""
    local = value.astimezone(WIB) if timezone.is_aware(value) else value
    return format_html('<time datetime="{}" title="{}">{}</time>', local.isoformat(timespec="minutes"),
                       _("Waktu Indonesia Barat (UTC+7)"), text)


# The filled form of an icon, where Bootstrap Icons names it differently (there is no "check2-circle-fill").
_FILLED = {"check2-circle": "check-circle-fill"}


@functools.lru_cache(maxsize=64)
def _reaction_button(kind: str, label: str, icon: str, mine: bool, language: str) -> tuple[str, str]:
    """The markup of a reaction button before and after its count: the same on every post of every page.

    The label is visible ("Setuju 3", not a lone icon); the button's name is that text, ``aria-pressed`` says
    whether the reader gave this reaction (shown filled), and the tooltip says what a press does."""
    hint = (_("Batalkan reaksi %(label)s") if mine else _("Beri reaksi %(label)s")) % {"label": label}
    head = format_html(
        '<button type="submit" name="kind" value="{}" class="btn btn-sm reaction-button {}" title="{}" '
        'aria-pressed="{}" data-testid="react-{}"><i class="bi bi-{}" aria-hidden="true"></i> '
        '<span class="reaction-label">{}</span>',
        kind, "btn-primary" if mine else "btn-outline-secondary", hint, "true" if mine else "false", kind,
        _FILLED.get(icon, f"{icon}-fill") if mine else icon, label)
    return head, SafeString("</button>")  # a constant


def _reaction_count(count: int) -> str:
    if not count:
        return ""
    return format_html(' <span class="badge rounded-pill reaction-count" data-testid="react-count">{}</span>', count)


@register.simple_tag(takes_context=True)
def reaction_bar(context, post, can_react: bool) -> str:
    """The reactions of ``post`` (``post.reaction_list`` from ``selectors.reaction_summary``): for those who may
    react, one form of buttons (each sends its ``kind``; htmx swaps the bar in place), for the others the reactions
    given, as labelled counts.

    Markup built here rather than in a template: a topic page shows twenty bars of four buttons, and rendered by
    the template language they cost about as much as the rest of the page together."""
    pk = post.pk
    group = _("Reaksi")
    if not can_react:
        badges = format_html_join(
            "", '<span class="badge text-bg-light border reaction-given" data-testid="reaction-{}">'
                '<i class="bi bi-{}" aria-hidden="true"></i> {} <span class="reaction-count">{}</span></span>',
            ((r["kind"], r["icon"], r["label"], r["count"]) for r in post.reaction_list if r["count"]))
        return format_html('<div class="d-flex flex-wrap gap-1" id="reactions-{}" role="group" aria-label="{}">{}</div>',
                           pk, group, badges)
    language = get_language()
    buttons = format_html_join("", "{}{}{}", (
        (head, _reaction_count(r["count"]), tail)
        for r in post.reaction_list
        for head, tail in [_reaction_button(r["kind"], r["label"], r["icon"], r["mine"], language)]
    ))
    url = post.react_url
    return format_html(
        '<div class="d-flex flex-wrap gap-1" id="reactions-{}"><form class="d-flex flex-wrap gap-1" method="post" '
        'action="{}" hx-post="{}" hx-target="#reactions-{}" hx-swap="outerHTML" role="group" aria-label="{}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}</form></div>',
        pk, url, url, pk, group, context.get("csrf_token", ""), buttons)


_empty_reply_forms: dict[str, str] = {}


@register.simple_tag
def reply_form_fields(form) -> str:
    """``form|crispy`` for the reply form under a topic. An empty reply form (nearly every visit: no quote) is the
    same markup for every reader and topic in a language, so it is rendered once per process and language."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    from ..forms import ReplyForm

    if type(form) is not ReplyForm or form.is_bound or form.initial:
        return as_crispy_form(form)
    language = get_language()
    html = _empty_reply_forms.get(language)
    if html is None:
        html = _empty_reply_forms[language] = as_crispy_form(form)
    return html


def _topic_row_content(show_forum: bool):
    def content(t) -> tuple:
        return (
            t.pk, t.get_absolute_url(), t.title, t.is_unread, t.is_pinned, t.is_locked, t.is_hidden, t.is_deleted,
            str(t.author), t.created_at, t.category.name if t.category_id else None, t.replies_count,
            str(t.last_post_author) if t.last_post_author_id else None, t.last_post_at,
            show_forum, t.forum.name if show_forum else None,
        )
    return content


@register.simple_tag
def topic_rows(topics, show_forum=False) -> list[str]:
    """The rows of a topic list (``forums/_topic_row.html``), each cached by what it shows: see forums.fragments."""
    show_forum = bool(show_forum)
    return fragments.render_each("forums/_topic_row.html", "t", topics, _topic_row_content(show_forum),
                                 {"show_forum": show_forum})


def _post_head_content(can_moderate: bool):
    def content(post) -> tuple:
        return (
            post.pk, post.get_absolute_url(), post.is_new, can_moderate, post.is_hidden, post.is_deleted,
            str(post.author), post.author.username, post.agency_abbreviation, post.agency_name, post.created_at,
            post.edited_at, hashlib.md5(post.body_html.encode(), usedforsecurity=False).hexdigest(),
            tuple((a.pk, a.original_name, a.content_type, a.size) for a in post.attachment_list),
            getattr(post, "author_badges", ()),
        )
    return content


@register.simple_tag
def post_heads(posts, can_moderate=False) -> list[tuple]:
    """(post, head) for the posts of a topic page: the head (``forums/_post_head.html``: author, date, text,
    attachments) cached by what it shows, see forums.fragments. The posts come from ``selectors.topic_posts`` with
    ``is_new`` set."""
    can_moderate = bool(can_moderate)
    posts = list(posts)
    # Badges beside the author's name (organization.badges: one cached map, no query per post).
    badges = name_badges.for_users({p.author_id for p in posts})
    for p in posts:
        p.author_badges = badges.get(p.author_id, ())
    heads = fragments.render_each("forums/_post_head.html", "post", posts, _post_head_content(can_moderate),
                                  {"can_moderate": can_moderate})
    return list(zip(posts, heads, strict=True))


@register.simple_tag
def forum_panel(panel: dict) -> str:
    """The home page's forum panel (``forums/_home_panel_body.html``, from ``selectors.home_panel``), cached by what
    it shows: see forums.fragments."""
    return fragments.render_each("forums/_home_panel_body.html", "panel", [panel], repr)[0]
