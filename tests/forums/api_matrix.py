"""Forum entries for the API access matrix (tests/proof/api_matrix.py: ``API_MATRIX.update(FORUMS_API)``).

Same rules and the same topic as the page entries (tests/forums/matrix.py): the Diskominfo forum is read by city
readers and Diskominfo's kepala, operator and agent (everyone else: 404), written by its members and admin, moderated
by Tim RB, admin and the agency's kepala. The author edits their own post.

A new topic or post names its forum or topic in the body: one the caller cannot read answers 400 on that field (as
for a missing one); a reader who may not write gets 403 whatever else they sent (checked before the body).
"""

from __future__ import annotations

from tests.forums.matrix import MODERATORS, READERS, WRITERS, diskominfo_topic
from tests.proof.api_expect import ALL_SIGNED_IN, allowed, expect

V1 = "/api/v1"
AUTHOR = "agen.diskominfo"
# Who deletes agen.diskominfo's topic (no replies yet) or reply: moderators and the author.
DELETERS = (*MODERATORS, AUTHOR)


def _user(username):
    from organization.models import User

    return User.objects.get(username=username)


def fresh_topic():
    """A new topic by agen.diskominfo in the Diskominfo forum (one per role: deleting it is the effect)."""
    from forums import services

    forum = diskominfo_topic().forum
    return services.topic_create(forum=forum, author=_user(AUTHOR), title="Matriks akses: topik untuk dihapus",
                                 body="Isi yang akan dihapus.")


def fresh_reply():
    from forums import services

    return services.post_create(topic=diskominfo_topic(), author=_user(AUTHOR), body="Balasan yang akan dihapus.")


FORUMS_API: dict[str, dict] = {
    "GET /api/v1/forums/": {"url": lambda: f"{V1}/forums/?agency={diskominfo_topic().forum.agency_id}",
                            "expect": ALL_SIGNED_IN, "sees": (lambda: diskominfo_topic().forum_id, READERS)},
    "GET /api/v1/forums/{id}/": {"url": lambda: f"{V1}/forums/{diskominfo_topic().forum_id}/",
                                 "expect": allowed(READERS)},
    # --- topics ---
    "GET /api/v1/topics/": {"url": lambda: f"{V1}/topics/?forum={diskominfo_topic().forum_id}",
                            "expect": ALL_SIGNED_IN, "sees": (lambda: diskominfo_topic().pk, READERS)},
    # An empty title and body: writers get the field errors; readers 403; a forum out of scope 400 on "forum".
    "POST /api/v1/topics/": {"url": lambda: f"{V1}/topics/",
                             "data": lambda: {"forum": diskominfo_topic().forum_id, "title": "", "body": ""},
                             "expect": allowed(WRITERS, 400, in_scope=READERS, default=400)},
    "GET /api/v1/topics/{id}/": {"url": lambda: f"{V1}/topics/{diskominfo_topic().pk}/", "expect": allowed(READERS)},
    "PATCH /api/v1/topics/{id}/": {"url": lambda: f"{V1}/topics/{diskominfo_topic().pk}/", "data": {"title": ""},
                                   "expect": expect({AUTHOR: 400}, in_scope=READERS)},
    "DELETE /api/v1/topics/{id}/": {"url": lambda: f"{V1}/topics/{fresh_topic().pk}/", "per_role": True,
                                    "expect": allowed(DELETERS, 204, in_scope=READERS)},
    # --- posts ---
    "GET /api/v1/posts/": {"url": lambda: f"{V1}/posts/?topic={diskominfo_topic().pk}", "expect": ALL_SIGNED_IN,
                           "sees": (lambda: diskominfo_topic().first_post_id, READERS)},
    "POST /api/v1/posts/": {"url": lambda: f"{V1}/posts/", "data": lambda: {"topic": diskominfo_topic().pk, "body": ""},
                            "expect": allowed(WRITERS, 400, in_scope=READERS, default=400)},
    "GET /api/v1/posts/{id}/": {"url": lambda: f"{V1}/posts/{diskominfo_topic().first_post_id}/",
                                "expect": allowed(READERS)},
    "PATCH /api/v1/posts/{id}/": {"url": lambda: f"{V1}/posts/{diskominfo_topic().first_post_id}/",
                                  "data": {"body": ""}, "expect": expect({AUTHOR: 400}, in_scope=READERS)},
    "DELETE /api/v1/posts/{id}/": {"url": lambda: f"{V1}/posts/{fresh_reply().pk}/", "per_role": True,
                                   "expect": allowed(DELETERS, 204, in_scope=READERS)},
}
