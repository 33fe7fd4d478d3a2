from django.core.exceptions import ValidationError

from organization.permissions import access_object

from .. import permissions


def topic_or_404(user, pk):
    return access_object(permissions.visible_topics(user), pk=pk)


def post_or_404(user, pk):
    return access_object(permissions.visible_posts(user).select_related("topic__forum__agency"), pk=pk)


def forum_or_404(user, pk):
    return access_object(permissions.visible_forums(user), pk=pk)


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, each message on its field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
