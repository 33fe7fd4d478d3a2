from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _signed_in(user) -> bool:
    return user.is_authenticated


def _moderator(user) -> bool:
    from .permissions import can_view_moderation

    return can_view_moderation(user)


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
        from .cache import ACTIVITY_KEY

        signals.connect_cache_invalidation()
        # Every statement that writes what the cached lists and search results show bumps the activity version,
        # bulk ``QuerySet.update()``/``delete()`` and cascades included (signals see only model saves and deletes).
        data_versions.track([self.get_model(name)._meta.db_table for name in ("Forum", "Category", "Topic", "Post")],
                            ACTIVITY_KEY)

        navigation.register(_("Forum"), "forums:index", "chat-square-text", _signed_in, order=40)
        navigation.register(_("Moderasi forum"), "forums:moderation", "shield-check", _moderator, order=41)
        home.register_panel("forums/_home_panel.html", _signed_in, _panel_context, order=40)
