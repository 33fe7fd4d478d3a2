from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import permissions, selectors, services
from ..forms import MoveForm
from .common import add_service_errors, post_or_404, topic_or_404

# Translated when shown (gettext_lazy), in the language of the moderator who acts, not at import time.
TOPIC_ACTIONS = {
    "sematkan": ("topic_set_pinned", {"pinned": True}, gettext_lazy("Topik disematkan di atas daftar.")),
    "lepas-sematan": ("topic_set_pinned", {"pinned": False}, gettext_lazy("Sematan topik dilepas.")),
    "kunci": ("topic_set_locked", {"locked": True}, gettext_lazy("Topik dikunci: tidak menerima balasan baru.")),
    "buka-kunci": ("topic_set_locked", {"locked": False}, gettext_lazy("Kunci topik dibuka.")),
    "sembunyikan": ("topic_set_hidden", {"hidden": True}, gettext_lazy("Topik disembunyikan dari anggota forum.")),
    "pulihkan": ("topic_set_hidden", {"hidden": False}, gettext_lazy("Topik ditampilkan kembali.")),
}
POST_ACTIONS = {
    "sembunyikan": (True, gettext_lazy("Pesan disembunyikan dari anggota forum.")),
    "pulihkan": (False, gettext_lazy("Pesan ditampilkan kembali.")),
}


def _require_moderator(user):
    if not permissions.can_view_moderation(user):
        raise PermissionDenied(_("Halaman ini khusus moderator forum."))


@login_required
def moderation(request):
    _require_moderator(request.user)
    page = Paginator(selectors.moderation_queue(request.user), 25).get_page(request.GET.get("page"))
    hidden = selectors.hidden_posts(request.user)[:20]
    return render(request, "forums/moderation.html", {"page": page, "hidden": hidden})


@login_required
def moderation_log(request):
    _require_moderator(request.user)
    page = Paginator(selectors.moderation_log(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "forums/moderation_log.html", {"page": page})


@login_required
@require_POST
def topic_moderate(request, pk, action):
    topic = topic_or_404(request.user, pk)
    if action not in TOPIC_ACTIONS:
        raise Http404
    service, kwargs, done = TOPIC_ACTIONS[action]
    if not permissions.can_moderate(request.user, topic.forum):
        raise PermissionDenied(_("Hanya moderator forum ini yang dapat melakukan tindakan ini."))
    getattr(services, service)(topic=topic, by=request.user, **kwargs)
    messages.success(request, done)
    return redirect(topic)


@login_required
@require_POST
def post_moderate(request, pk, action):
    post = post_or_404(request.user, pk)
    if action not in POST_ACTIONS:
        raise Http404
    if not permissions.can_moderate(request.user, post.topic.forum):
        raise PermissionDenied(_("Hanya moderator forum ini yang dapat melakukan tindakan ini."))
    hidden, done = POST_ACTIONS[action]
    services.post_set_hidden(post=post, by=request.user, hidden=hidden, detail=request.POST.get("detail", ""))
    messages.success(request, done)
    return redirect(post)


@login_required
def topic_move(request, pk):
    user = request.user
    topic = topic_or_404(user, pk)
    if not permissions.can_move_topic(user, topic):
        raise PermissionDenied(_("Hanya moderator forum ini yang dapat memindahkan topik."))
    form = MoveForm(request.POST or None, forums=permissions.moderated_forums(user).order_by("kind", "name"),
                    initial={"forum": topic.forum_id, "category": topic.category_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_move(topic=topic, by=user, forum=form.cleaned_data["forum"],
                                category=form.cleaned_data["category"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Topik dipindahkan ke %(forum)s.") % {"forum": topic.forum})
            return redirect(topic)
    return render(request, "forums/move_form.html", {"topic": topic, "form": form})


@login_required
@require_POST
def report_handle(request, pk, decision):
    report = get_object_or_404(selectors.moderation_queue(request.user), pk=pk)
    if decision not in ("terima", "tolak"):
        raise Http404
    try:
        services.report_handle(report=report, by=request.user, accept=decision == "terima")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Laporan ditindaklanjuti: pesan disembunyikan.") if decision == "terima"
                         else _("Laporan ditolak: pesan tetap tampil."))
    return redirect("forums:moderation")


