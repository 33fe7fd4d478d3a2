from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, services
from ..forms import EditForm, ReplyForm, ReportForm, TopicForm
from ..models import Category, Reaction
from .common import add_service_errors, forum_or_404, post_or_404, topic_or_404


@login_required
def topic_create(request, pk):
    user = request.user
    forum = forum_or_404(user, pk)
    if not permissions.can_post(user, forum):
        raise PermissionDenied(_("Anda hanya dapat membaca forum ini."))
    can_moderate = permissions.can_moderate(user, forum)
    initial = {}
    if request.GET.get("kategori", "").isdigit():
        initial["category"] = Category.objects.filter(forum=forum, pk=int(request.GET["kategori"])).first()
    if request.GET.get("proyek", "").isdigit():
        initial["project"] = request.GET["proyek"]
    form = TopicForm(request.POST or None, request.FILES or None, forum=forum, can_moderate=can_moderate,
                     initial=initial, projects=services.linkable_projects(user=user, forum=forum))
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(
                forum=forum, author=user, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                category=form.cleaned_data.get("category"), files=form.cleaned_data.get("attachments") or [],
                project=form.cleaned_data.get("project"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Topik \"%(title)s\" sudah terbit.") % {"title": topic.title})
            return redirect(topic)
    return render(request, "forums/topic_form.html", {"forum": forum, "form": form})


@login_required
@require_POST
def reply(request, pk):
    user = request.user
    topic = topic_or_404(user, pk)
    if not permissions.can_reply(user, topic):
        raise PermissionDenied(_("Anda tidak dapat membalas topik ini."))
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            post = services.post_create(topic=topic, author=user, body=form.cleaned_data["body"],
                                        files=form.cleaned_data.get("attachments") or [])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Balasan Anda terkirim."))
            return redirect(post)
    return render(request, "forums/reply_form.html", {"topic": topic, "form": form}, status=400)


@login_required
def post_edit(request, pk):
    user = request.user
    post = post_or_404(user, pk)
    if not permissions.can_edit_post(user, post):
        raise PermissionDenied(_("Hanya penulis yang dapat mengubah pesan ini, selama topik masih terbuka."))
    topic = post.topic
    is_opening = topic.first_post_id == post.pk
    form = EditForm(request.POST or None, with_title=is_opening, initial={"title": topic.title, "body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(post=post, by=user, body=form.cleaned_data["body"],
                               title=form.cleaned_data.get("title"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect(post)
    return render(request, "forums/post_edit.html", {"post": post, "topic": topic, "form": form})


@login_required
def post_history(request, pk):
    post = post_or_404(request.user, pk)
    if not permissions.can_see_history(request.user, post):
        raise PermissionDenied(_("Riwayat perubahan hanya untuk moderator."))
    revisions = post.revisions.select_related("edited_by")
    return render(request, "forums/post_history.html", {"post": post, "topic": post.topic, "revisions": revisions})


@login_required
@require_POST
def post_delete(request, pk):
    user = request.user
    post = post_or_404(user, pk)
    topic = post.topic
    is_opening = topic.first_post_id == post.pk
    try:
        services.post_delete(post=post, by=user)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Anda tidak dapat menghapus pesan ini."))
        return redirect(post)
    if is_opening:
        messages.success(request, _("Topik dihapus."))
        return redirect(topic.forum)
    messages.success(request, _("Pesan dihapus."))
    return redirect(topic)


@login_required
@require_POST
def post_react(request, pk):
    user = request.user
    post = post_or_404(user, pk)
    if not permissions.can_react(user, post):
        raise PermissionDenied(_("Anda tidak dapat memberi reaksi pada pesan ini."))
    kind = request.POST.get("kind", "")
    if kind not in Reaction.Kind.values:
        return render(request, "forums/_error.html", {"message": _("Reaksi tidak dikenal.")}, status=400)
    services.reaction_toggle(post=post, user=user, kind=kind)
    if request.htmx:
        from .. import selectors

        post.reaction_list = selectors.reaction_summary([post.pk], user)[post.pk]
        return render(request, "forums/_reactions.html", {"post": post, "can_react": True})
    return redirect(post)


@login_required
def post_report(request, pk):
    user = request.user
    post = post_or_404(user, pk)
    if not permissions.can_report(user, post):
        raise PermissionDenied(_("Anda tidak dapat melaporkan pesan ini."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(post=post, reporter=user, reason=form.cleaned_data["reason"],
                                   note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Terima kasih. Laporan Anda diteruskan ke moderator."))
            return redirect(post)
    return render(request, "forums/report_form.html", {"post": post, "topic": post.topic, "form": form})


@login_required
@require_POST
def topic_subscribe(request, pk):
    topic = topic_or_404(request.user, pk)
    on = request.POST.get("on") == "1"
    services.subscription_set(user=request.user, topic=topic, on=on)
    messages.success(request, _("Anda berlangganan topik ini: pesan baru dikirim lewat notifikasi dan e-mail.")
                     if on else _("Langganan topik dihentikan."))
    return redirect(topic)


@login_required
@require_POST
def forum_subscribe(request, pk):
    forum = forum_or_404(request.user, pk)
    on = request.POST.get("on") == "1"
    services.subscription_set(user=request.user, forum=forum, on=on)
    messages.success(request, _("Anda berlangganan seluruh forum ini.") if on else _("Langganan forum dihentikan."))
    return redirect(forum)


@login_required
@require_POST
def forum_mark_read(request, pk):
    forum = forum_or_404(request.user, pk)
    services.forum_mark_read(user=request.user, forum=forum)
    messages.success(request, _("Semua topik di forum ini ditandai sudah dibaca."))
    return redirect(forum)
