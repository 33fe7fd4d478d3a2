"""Moderation messages are translated when shown (gettext_lazy), in the moderator's language, not at import time."""

from django.utils import translation

from forums.views.moderation import POST_ACTIONS, TOPIC_ACTIONS


def test_moderation_messages_follow_the_language_they_are_shown_in():
    message = TOPIC_ACTIONS["kunci"][2]
    with translation.override("en"):
        english = str(message)
    with translation.override("id"):
        indonesian = str(message)
    assert indonesian == "Topik dikunci: tidak menerima balasan baru."
    assert english != indonesian
    with translation.override("en"):
        assert str(POST_ACTIONS["sembunyikan"][1]) != "Pesan disembunyikan dari anggota forum."
