from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

PAGE_SIZE = 25


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
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
