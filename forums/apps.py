from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _signed_in(user) -> bool:
    return user.is_authenticated


def _moderator(user) -> bool:
    from .permissions import can_view_moderation

    return can_view_moderation(user)


def _panel_versions(user) -> tuple[str, ...]:
    """What the home's forum panel shows changes with: any topic or post (activity; renamed authors too), and what
    the reader read (their reading version). Their forums follow their roles, in the home's key already."""
    from .cache import ACTIVITY_KEY, reader_version_key

    return (ACTIVITY_KEY, reader_version_key(user.pk))


def _panel_context(user) -> dict:
    from .selectors import home_panel

    return home_panel(user)


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forum")

    def ready(self):
        from agenperubahan import data_versions
        from organization import home, navigation

        from . import signals  # connects the Agency post_save receiver
        from .cache import WATCHED_TABLES

        signals.connect_cache_invalidation()
        data_versions.track_tables(WATCHED_TABLES)  # bulk writes to the forums' tables bump their versions too

        navigation.register(_("Forum"), "forums:index", "chat-square-text", _signed_in, order=40)
        navigation.register(_("Moderasi forum"), "forums:moderation", "shield-check", _moderator, order=41)
        home.register_panel("forums/_home_panel.html", _signed_in, _panel_context, order=40, versions=_panel_versions)
