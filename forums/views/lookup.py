"""The @mention lookup of the editors (static/forums/mentions.js): people the writer may mention, by name."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from agenperubahan import ratelimit

from .. import permissions, selectors
from .common import forum_or_404

# Typing sends at most a request per keystroke pause (the script waits 200 ms); a page of writing stays far below.
LOOKUPS_PER_MINUTE = 60


@never_cache
@require_GET
@login_required
def mention_lookup(request, pk):
    """``GET /forums/f/<pk>/sebut/?q=bud`` → ``{"results": [{"username", "name", "agency"}]}`` (at most 10, for at
    least 2 characters): only for those who may write in the forum, only people a mention there reaches."""
    user = request.user
    forum = forum_or_404(user, pk)  # a forum the user does not read: 404, as everywhere
    if not permissions.can_post(user, forum):
        return JsonResponse({"error": _("Anda hanya dapat membaca forum ini.")}, status=403)
    limit = getattr(settings, "FORUM_MENTION_LOOKUPS_PER_MINUTE", LOOKUPS_PER_MINUTE)
    if not ratelimit.hit("forum-mention", str(user.pk), limit=limit, window=60):
        return JsonResponse({"error": _("Terlalu banyak pencarian nama. Tunggu sebentar lalu coba lagi.")},
                            status=429)
    q = request.GET.get("q", "")
    return JsonResponse({"results": selectors.mention_candidates(user, forum, q)})
