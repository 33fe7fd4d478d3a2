from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from agenperubahan import fragments
from organization.permissions import access_object

from .. import cache as forum_cache
from .. import permissions, selectors, services, topic_page
from ..forms import ReplyForm
from ..models import Attachment, Category, Forum
from ..rendering import MAX_BODY_LENGTH, quote_markdown, render_markdown
from .common import post_or_404, topic_or_404


@login_required
def index(request):
    """The forums the user reads. Their rows (``forums/_forum_groups.html``) are a fragment cached under the forums'
    activity version and what sets them apart between readers: the forums they read and which are theirs (their
    agencies) and their unread counts (cached per user, ``selectors.unread_counts``)."""
    user = request.user
    versions = forum_cache.versions(user)  # with the reader's own version and roles: one round trip
    unread = selectors.unread_counts(user, versions)
    members = sorted(permissions.member_agency_ids(user))
    html = fragments.cached_html(
        "forums:index", versions=(forum_cache.ACTIVITY_KEY,), values=versions[:1],
        templates=("forums/_forum_groups.html", "forums/_forum_rows.html", "includes/empty.html"),
        vary=(permissions.reads_every_forum(user), members, sorted(unread.items())),
        build=lambda: render_to_string("forums/_forum_groups.html", {"groups": selectors.forum_index(user)}))
    return render(request, "forums/index.html", {"forum_groups": html})


@login_required
def forum_detail(request, pk):
    """A forum's topics. Warm, the page reads no table and makes three cache round trips of its own: the versions
    (with the reader's own and their roles, for the checks), then the forum, its categories, the reader's part
    (subscribed, unread marks), then the page body (``selectors.topic_list``: the list and what is around it,
    cached under what this reader sees of it). The access rule is checked on every request (``can_read_forum``)."""
    user = request.user
    activity, reading = forum_cache.versions(user)
    number = request.GET.get("page", "")[:12]
    category_id = request.GET.get("kategori", "")[:12]
    # A query string with anything else than the category and the page is echoed into the page links: such a
    # list is rendered afresh.
    cacheable = set(request.GET) <= {"page", "kategori"}
    forum_key, categories_key = f"forums:forum:{pk}:a{activity}", f"forums:categories:{pk}:a{activity}"
    reader_key = (f"forums:topic-list:{user.pk}:{user.date_joined.timestamp()}:{pk}:{category_id}:{number}:"
                  f"a{activity}:r{reading}")
    found = cache.get_many([forum_key, categories_key, reader_key])
    forum = found.get(forum_key)
    if forum is None:
        forum = Forum.objects.filter(pk=pk).first() or Forum(pk=0)  # a missing forum is cached too (pk 0)
        cache.set(forum_key, forum, forum_cache.timeout())
    if not forum.pk or not permissions.can_read_forum(user, forum):
        raise Http404  # missing and out of scope answer the same
    categories = found.get(categories_key)
    if categories is None:
        categories = list(Category.objects.filter(forum=forum))
        cache.set(categories_key, categories, forum_cache.timeout())
    category = None
    if category_id:
        category = next((c for c in categories if str(c.pk) == category_id), None)
        if category is None:
            raise Http404
    can_moderate = permissions.can_moderate(user, forum)
    mine = found.get(reader_key)
    if mine is None or mine["moderator"] != can_moderate:
        mine = {"moderator": can_moderate, "subscribed": selectors.subscribed_to_forum(user, forum)}
    can_post = permissions.can_post(user, forum)
    # What the body shows besides the list, and what of it differs between two readers of the same list (its key).
    body_context = {"forum": forum, "categories": categories, "category": category, "subscribed": mine["subscribed"],
                    "can_post": can_post, "can_moderate": can_moderate, "user": user}
    body_vary = (can_post, mine["subscribed"], permissions.is_moderator(user))
    body = selectors.topic_list(request, user, forum, category.pk if category else None, can_moderate, number,
                                mine=mine, reader_key=reader_key if cacheable else None, activity=activity,
                                body=("forums/_forum_body.html", body_context, body_vary))
    return render(request, "forums/forum.html", {"forum": forum, "body": body})


TOPIC_BODY = "forums/_topic_body.html"
TOPIC_BODY_TEMPLATES = (TOPIC_BODY, "forums/_mention_attrs.html", "forums/_preview_controls.html")
#: Where the posts block goes in a topic's cached body (user text is escaped: it can never hold this comment).
POSTS_BLOCK_MARK = mark_safe("<!--fragment-posts-block-->")  # noqa: S308  # nosec B308 B703: a constant


@login_required
def topic_detail(request, pk):
    """A topic and a page of its posts. Warm, the page reads no forum table: the topic and the reader's part are
    cached (``selectors.topic_page``), the posts block too (``forums/topic_page.py``: shared by the readers who see
    the same markup); the access rule is checked on every request, and the reader's read state is written only
    when this page shows them something newer than what they had read."""
    user = request.user
    topic = selectors.topic_page(user, pk, extra_versions=topic_page.versions(),
                                 prefetch=topic_page.prefetch(request, user, pk))
    forum = topic.forum
    state = topic.read_state
    read_until = max(filter(None, [state.last_read_at if state else None, topic.forum_read_at, user.date_joined]))
    can_moderate = permissions.can_moderate(user, forum)
    can_reply = permissions.can_reply(user, topic)
    block = topic_page.posts_block(request, user, topic, can_moderate=can_moderate, can_reply=can_reply,
                                   read_until=read_until)
    initial = {}
    quote_id = request.GET.get("kutip")
    if can_reply and quote_id and quote_id.isdigit():
        quoted = permissions.visible_posts(user).filter(pk=int(quote_id), topic=topic, is_hidden=False,
                                                          is_deleted=False).first()
        if quoted:
            initial["body"] = quote_markdown(str(quoted.author), quoted.author.username, quoted.body)
    if block.shown_until is not None and (state is None or block.shown_until > state.last_read_at):
        services.topic_mark_read(user=user, topic=topic, up_to=block.shown_until, state=state,
                                 known_missing=state is None)
    # "Ke pesan belum dibaca" only when there is something this reader has not seen beyond this page.
    seen = max(filter(None, [read_until, block.shown_until]))
    context = {
        "topic": topic, "forum": forum,
        "unread_beyond_page": bool(topic.last_post_at and topic.last_post_at > seen),
        "can_reply": can_reply, "can_moderate": can_moderate,
        "reply_form": ReplyForm(initial=initial) if can_reply else None,
        "subscribed_topic": topic.subscribed_topic,
        "project_visible": bool(topic.project_id) and _project_visible(user, topic.project_id),
    }

    def build() -> str:
        return fragments.render_for_cache(request, TOPIC_BODY, {**context, "posts_block": POSTS_BLOCK_MARK})

    # The body around the posts block is the same for every reader with the same rights and marks on this topic:
    # cached under the activity version (the topic, its forum and category), except with a quote in the reply form
    # or a project (its progress is shown live).
    if initial or topic.project_id:
        body = build()
    else:
        body = fragments.cached_html(
            "forums:topic_body", versions=(forum_cache.ACTIVITY_KEY,),
            values=[topic.versions[forum_cache.ACTIVITY_KEY]], templates=TOPIC_BODY_TEMPLATES, build=build,
            vary=(topic.pk, context["unread_beyond_page"], can_reply, can_moderate, topic.subscribed_topic))
    body = fragments.with_csrf_token(request, body).replace(POSTS_BLOCK_MARK, block.html, 1)
    return render(request, "forums/topic.html", {
        **context, "page": block.page, "subscribed_forum": topic.subscribed_forum,
        "body": mark_safe(body),  # noqa: S308  # nosec B308 B703: rendered by the template engine, which escaped the data
    })


def _project_visible(user, project_id) -> bool:
    from agents.permissions import visible_projects

    return visible_projects(user).filter(pk=project_id).exists()


@login_required
def topic_unread(request, pk):
    """Jump to the first post the user has not read yet (or the last page when everything is read)."""
    topic = topic_or_404(request.user, pk)
    post = selectors.first_unread_post(request.user, topic)
    if post is None:
        return redirect(f"{reverse('forums:topic', args=[topic.pk])}?page=last")
    return post_goto(request, post.pk)


@login_required
def post_goto(request, pk):
    post = post_or_404(request.user, pk)
    page = selectors.post_page_number(request.user, post)
    return redirect(f"{reverse('forums:topic', args=[post.topic_id])}?page={page}#post-{post.pk}")


@login_required
def search(request):
    """Search in the forums the user reads. The results (count, hits, page links) are HTML cached per query, page
    and the reader's forums under the forums' activity version (``selectors.search_results``)."""
    q = selectors.search_terms(request.GET.get("q"))
    results = selectors.search_results(request.user, q, request.GET.get("page")) if q else ""
    return render(request, "forums/search.html", {"q": q, "results": results})


@login_required
def my_topics(request):
    page = Paginator(selectors.my_topics(request.user), selectors.TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "forums/my_topics.html", {"page": page})


@login_required
def mentions(request):
    page = Paginator(selectors.my_mentions(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "forums/mentions.html", {"page": page})


@login_required
@require_POST
def preview(request):
    """htmx: the body as it will look once posted (the same rendering and sanitising as on save)."""
    if not permissions.can_post_anywhere(request.user):
        raise PermissionDenied
    body = request.POST.get("body", "")[:MAX_BODY_LENGTH]
    return render(request, "forums/_preview.html", {"html": render_markdown(body), "empty": not body.strip()})


@login_required
def attachment(request, pk):
    """Attachments are served through the portal, only to those who may read the post."""
    posts = permissions.visible_posts(request.user)
    item = access_object(Attachment.objects.filter(post__in=posts.values("pk")), pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Only the types the upload check lets in keep their type; anything else (a row written around the check) is
    # plain bytes to download. Images alone are shown inline, and never sniffed into something else.
    content_type = item.content_type if item.content_type in Attachment.ALLOWED_TYPES else "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, as_attachment=not item.is_image,
                            filename=item.original_name)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # personal data: not kept by the browser either (issue 14)
    return response
