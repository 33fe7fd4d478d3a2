"""Pages of the period documents: the list (with the close-scoring, SK text, draft and upload actions), download,
the registry's link to an agent's SK, and the public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agenperubahan import ratelimit
from agenperubahan.client_ip import client_ip
from agents import permissions as agent_permissions
from agents.models import ProgramPeriod
from organization.permissions import access_object

from . import permissions, services
from .forms import DecreeTextForm, SignedDecreeForm
from .models import Document

VERIFY_RATE = 60  # lookups per client address per minute: a code cannot be guessed, and this keeps it so


def _period(request, pk) -> ProgramPeriod:
    if not permissions.can_list_documents(request.user):
        raise PermissionDenied
    return access_object(ProgramPeriod.objects.all(), pk=pk)


def _errors(request, exc: ValidationError):
    messages.error(request, " ".join(exc.messages))


@login_required
def period_documents(request, pk):
    period = _period(request, pk)
    user = request.user
    can_draft = permissions.can_draft_decree(user)
    text = services.decree_text(period)
    text_form = DecreeTextForm(instance=text, prefix="sk") if can_draft else None
    upload_form = SignedDecreeForm(prefix="signed", initial={"number": text.number, "date": text.date}) \
        if permissions.can_upload_signed_decree(user) else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "close" and permissions.can_issue_minutes(user):
                services.scoring_close(period=period, by=user)
                messages.success(request, _("Penilaian ditutup dan berita acara diterbitkan."))
            elif action == "text" and can_draft:
                text_form = DecreeTextForm(request.POST, instance=text, prefix="sk")
                if text_form.is_valid():
                    services.decree_text_save(period=period, by=user, **text_form.cleaned_data)
                    messages.success(request, _("Teks SK disimpan."))
                else:
                    raise ValidationError(_("Periksa isian teks SK."))
            elif action == "draft" and can_draft:
                services.decree_draft(period=period, by=user)
                messages.success(request, _("Draf SK dibuat."))
            elif action == "upload" and upload_form is not None:
                upload_form = SignedDecreeForm(request.POST, request.FILES, prefix="signed")
                if not upload_form.is_valid():
                    raise ValidationError([m for errs in upload_form.errors.values() for m in errs])
                services.decree_signed_upload(period=period, by=user, upload=upload_form.cleaned_data["file"],
                                              number=upload_form.cleaned_data["number"],
                                              date=upload_form.cleaned_data["date"])
                messages.success(request, _("SK bertanda tangan diunggah."))
            else:
                raise PermissionDenied
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return redirect("documents:period_documents", pk=period.pk)
    documents = permissions.visible_documents(user).filter(period=period).order_by("kind", "-version")
    return render(request, "documents/period_documents.html", {
        "period": period, "documents": documents, "text_form": text_form, "upload_form": upload_form,
        "can_close": permissions.can_issue_minutes(user), "can_draft": can_draft,
    }, status=400 if request.method == "POST" else 200)


def _serve(document: Document) -> FileResponse:
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    name = f"{document.get_kind_display()} v{document.version} {document.period or ''}.pdf".replace("/", "-")
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def download(request, pk):
    return _serve(access_object(permissions.visible_documents(request.user), pk=pk))


@login_required
def agent_decree(request, pk):
    """The registry's link: the signed SK of an agent's period (404 until one is uploaded or out of scope)."""
    agent = access_object(agent_permissions.visible_agents(request.user), pk=pk)
    document = (permissions.visible_documents(request.user).filter(period_id=agent.period_id,
                                                                    kind=Document.Kind.SK_SIGNED)
                .current().order_by("-version").first()) if agent.period_id else None
    if document is None:
        raise Http404
    return _serve(document)


def too_many_lookups(request) -> bool:
    """The project's one limiter, per client address (behind the trusted proxies, agenperubahan.client_ip)."""
    return not ratelimit.hit("verify", client_ip(request) or "unknown", limit=VERIFY_RATE, window=60)


def verify(request, code):
    """Public (no sign-in): number, date, names and status of an SK or an appointment; nothing else."""
    if too_many_lookups(request):
        return render(request, "documents/verify.html", {"throttled": True}, status=429)
    data = services.verification(code)
    if data is None:
        return render(request, "documents/verify.html", {"unknown": True}, status=404)
    return render(request, "documents/verify.html", {"data": data})


