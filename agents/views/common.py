from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.urls import reverse

from agenperubahan import data_versions, fragments

from .. import permissions
from ..uploads import ALLOWED_TYPES

PAGE_SIZE = 25

#: What the cached list bodies show: the app's rows and the people and agencies they name (data_versions).
SHOWN = (data_versions.AGENTS, data_versions.ORGANIZATION)
#: Templates the list bodies include (their text is part of the cache key).
LIST_INCLUDES = ("includes/pagination.html", "includes/empty.html")


def list_scope(user) -> str:
    """Who sees the same list: the roles and their agencies (``scope_of``; what the page offers, e.g. "Usulkan
    calon", follows from them), and for anyone but a city reader also the employee: a head or acting head in the
    organisation data sees their agency's rows without a role. Today's date is part of it: the lists show whether
    terms and periods are still running."""
    from django.utils import timezone

    scope = f"{fragments.scope_of(user)}|{timezone.localdate().isoformat()}"
    if permissions.is_city_reader(user):
        return scope
    return f"{scope}|e{user.employee_id or '-'}"


def url_for_each(viewname: str, *args):
    """``reverse()`` once for a whole table: the rows' URLs differ only in their last id."""
    marker = 987654321
    head, tail = reverse(viewname, args=[*args, marker]).rsplit(str(marker), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the named field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                for message in error.messages:
                    form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def serve_evidence(evidence) -> FileResponse:
    """Stream an evidence file as a download (never rendered inline: it came from a user)."""
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    # The stored type was detected from the content on upload; a row that says anything else (written around the
    # checks) is served as plain bytes, never as HTML or SVG a browser might render.
    content_type = evidence.content_type if evidence.content_type in ALLOWED_TYPES else "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
