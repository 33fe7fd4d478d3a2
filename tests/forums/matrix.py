"""Forum entries for the project's access matrix (tests/proof/matrix.py on main: ``MATRIX.update(FORUM_MATRIX)``).

Same format: ``url`` gets the matrix objects (unused here: forum objects are made on first use); ``expect`` maps a
demo username ("*" for everyone else, "anonymous") to the answer. Write actions use harmless or invalid data.
"""

from __future__ import annotations

from django.urls import reverse

READERS = ("admin", "tim.rb", "sekda", "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo")
WRITERS = ("admin", "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo")
MODERATORS = ("admin", "tim.rb", "kepala.diskominfo")
ALL_SIGNED_IN = {"anonymous": "login", "*": 200}


def diskominfo_topic():
    """A topic by agen.diskominfo in the Diskominfo forum (created once per test database)."""
    from forums import services
    from forums.models import Forum, Topic
    from organization.models import User

    services.forum_sync_all()
    forum = Forum.objects.get(agency__code="DISKOMINFO")
    topic = Topic.objects.filter(forum=forum, title="Matriks akses: topik uji").first()
    if topic is None:
        topic = services.topic_create(forum=forum, author=User.objects.get(username="agen.diskominfo"),
                                      title="Matriks akses: topik uji", body="Isi topik uji.")
    return topic


def rule(ok: dict, *, readers_default=403, default=404) -> dict:
    """Out of the Diskominfo forum's scope → 404; readers not allowed → 403; ``ok`` as given."""
    expect = {"anonymous": "login", "*": default}
    expect.update(dict.fromkeys(READERS, readers_default))
    expect.update(ok)
    return expect


FORUM_MATRIX: dict[str, dict] = {
    "forums:index": {"url": lambda o: reverse("forums:index"), "expect": ALL_SIGNED_IN},
    "forums:search": {"url": lambda o: reverse("forums:search") + "?q=aksi", "expect": ALL_SIGNED_IN},
    "forums:my_topics": {"url": lambda o: reverse("forums:my_topics"), "expect": ALL_SIGNED_IN},
    "forums:mentions": {"url": lambda o: reverse("forums:mentions"), "expect": ALL_SIGNED_IN},
    "forums:preview": {"url": lambda o: reverse("forums:preview"), "method": "post", "data": {"body": "*uji*"},
                       # Only those who may write somewhere (issue 14: it renders any input on demand).
                       "expect": {"anonymous": "login", "*": 200, "sekda": 403, "pegawai.diskominfo": 403}},
    "forums:forum": {"url": lambda o: reverse("forums:forum", args=[diskominfo_topic().forum_id]),
                     "expect": rule(dict.fromkeys(READERS, 200))},
    "forums:topic_create": {"url": lambda o: reverse("forums:topic_create", args=[diskominfo_topic().forum_id]),
                            "expect": rule(dict.fromkeys(WRITERS, 200))},
    "forums:forum_subscribe": {"url": lambda o: reverse("forums:forum_subscribe", args=[diskominfo_topic().forum_id]),
                               "method": "post", "data": {"on": "0"}, "expect": rule(dict.fromkeys(READERS, 302))},
    "forums:forum_mark_read": {"url": lambda o: reverse("forums:forum_mark_read", args=[diskominfo_topic().forum_id]),
                               "method": "post", "expect": rule(dict.fromkeys(READERS, 302))},
    # The @mention lookup of the editors: for those who may write in the forum (readers 403, others 404).
    "forums:mention_lookup": {"url": lambda o: reverse("forums:mention_lookup", args=[diskominfo_topic().forum_id])
                              + "?q=ag", "expect": rule(dict.fromkeys(WRITERS, 200))},
    "forums:topic": {"url": lambda o: reverse("forums:topic", args=[diskominfo_topic().pk]),
                     "expect": rule(dict.fromkeys(READERS, 200))},
    "forums:topic_unread": {"url": lambda o: reverse("forums:topic_unread", args=[diskominfo_topic().pk]),
                            "expect": rule(dict.fromkeys(READERS, 302))},
    # An empty reply: writers get the form back with its errors (400), readers 403.
    "forums:reply": {"url": lambda o: reverse("forums:reply", args=[diskominfo_topic().pk]), "method": "post",
                     "expect": rule(dict.fromkeys(WRITERS, 400))},
    "forums:topic_subscribe": {"url": lambda o: reverse("forums:topic_subscribe", args=[diskominfo_topic().pk]),
                               "method": "post", "data": {"on": "0"}, "expect": rule(dict.fromkeys(READERS, 302))},
    "forums:topic_move": {"url": lambda o: reverse("forums:topic_move", args=[diskominfo_topic().pk]),
                          "expect": rule(dict.fromkeys(MODERATORS, 200))},
    "forums:topic_moderate": {
        "url": lambda o: reverse("forums:topic_moderate", args=[diskominfo_topic().pk, "sematkan"]),
        "method": "post", "expect": rule(dict.fromkeys(MODERATORS, 302))},
    "forums:post": {"url": lambda o: reverse("forums:post", args=[diskominfo_topic().first_post_id]),
                    "expect": rule(dict.fromkeys(READERS, 302))},
    "forums:post_edit": {"url": lambda o: reverse("forums:post_edit", args=[diskominfo_topic().first_post_id]),
                         "expect": rule({"agen.diskominfo": 200})},
    "forums:post_history": {"url": lambda o: reverse("forums:post_history", args=[diskominfo_topic().first_post_id]),
                            "expect": rule(dict.fromkeys(MODERATORS, 200))},
    # An unknown reaction: those who may react get 400; the author (own post) and read-only roles 403.
    "forums:post_react": {"url": lambda o: reverse("forums:post_react", args=[diskominfo_topic().first_post_id]),
                          "method": "post", "data": {"kind": "x"},
                          "expect": rule({"admin": 400, "kepala.diskominfo": 400, "operator.diskominfo": 400})},
    "forums:post_report": {"url": lambda o: reverse("forums:post_report", args=[diskominfo_topic().first_post_id]),
                           "expect": rule({**dict.fromkeys(READERS, 200), "agen.diskominfo": 403})},
    "forums:post_moderate": {
        "url": lambda o: reverse("forums:post_moderate", args=[diskominfo_topic().first_post_id, "pulihkan"]),
        "method": "post", "expect": rule(dict.fromkeys(MODERATORS, 302))},
    # Destructive or object-less actions are checked on a missing object: 404 for everyone signed in.
    "forums:post_delete": {"url": lambda o: reverse("forums:post_delete", args=[999999]), "method": "post",
                           "expect": {"anonymous": "login", "*": 404}},
    "forums:attachment": {"url": lambda o: reverse("forums:attachment", args=[999999]),
                          "expect": {"anonymous": "login", "*": 404}},
    "forums:report_handle": {"url": lambda o: reverse("forums:report_handle", args=[999999, "tolak"]),
                             "method": "post", "expect": {"anonymous": "login", "*": 404}},
    "forums:moderation": {"url": lambda o: reverse("forums:moderation"),
                          "expect": {"anonymous": "login", "*": 403,
                                     **dict.fromkeys((*MODERATORS, "kepala.dinkes"), 200)}},
    "forums:moderation_log": {"url": lambda o: reverse("forums:moderation_log"),
                              "expect": {"anonymous": "login", "*": 403,
                                         **dict.fromkeys((*MODERATORS, "kepala.dinkes"), 200)}},
}
