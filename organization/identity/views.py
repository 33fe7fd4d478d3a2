"""Pages of account activation: the request by NIP (login page), the one-time link, and the operators' sending."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from agenperubahan import ratelimit
from agenperubahan.client_ip import client_ip

from .. import permissions
from ..models import Employee, User
from . import services
from .forms import ActivationRequestForm, ActivationSendForm
from .selectors import with_way_in
from .tokens import activation_tokens, decode_uid

PAGE_SIZE = 50
RATE_WINDOW = 3600


def _over_limit(scope: str, key: str, limit: int) -> bool:
    """Count one more request under ``key`` in the current hour (the project's one limiter); True once past it."""
    return not ratelimit.hit(scope, key, limit=limit, window=RATE_WINDOW)


@never_cache
def activation_request(request):
    """Ask for an activation link by NIP. The answer is the same whether the NIP exists or not, and so is the work:
    the look-up and the e-mail happen in a task."""
    form = ActivationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _over_limit("activation-ip", client_ip(request), settings.ACTIVATION_REQUESTS_PER_IP):
            form.add_error(None, _("Terlalu banyak permintaan dari jaringan ini. Coba lagi dalam satu jam."))
            return render(request, "registration/activation_request.html", {"form": form}, status=429)
        nip = form.cleaned_data["nip"]
        # Over the per-NIP limit the page answers the same and nothing is sent (no mailbox flooding).
        if not _over_limit("activation-nip", nip, settings.ACTIVATION_REQUESTS_PER_NIP):
            from ..tasks import send_activation_request

            transaction.on_commit(lambda: send_activation_request.delay(nip))
        return render(request, "registration/activation_requested.html")
    return render(request, "registration/activation_request.html", {"form": form})


def _user_for(uidb64: str, token: str) -> User | None:
    pk = decode_uid(uidb64)
    user = User.objects.filter(pk=pk, is_active=True).select_related("employee").first() if pk else None
    if user is None or (user.employee_id and not user.employee.is_active):
        return None
    return user if activation_tokens.check_token(user, token) else None


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def activation_confirm(request, uidb64, token):
    """GET shows the page (a mail scanner that opens the link spends nothing); POST sets the password, spends the
    link and signs the person in."""
    user = _user_for(uidb64, token)
    if user is None:
        return render(request, "registration/activation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_activate(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Akun Anda aktif. Nama pengguna Anda: %(username)s.") % {"username": user.username})
        return redirect("home")
    return render(request, "registration/activation_confirm.html", {"form": form, "account": user})


# --- operators ---------------------------------------------------------------------------------------------------

@login_required
def activation_send(request):
    """Operators: see who has no activated account and send links to a selection or to the whole agency."""
    if not permissions.can_send_activation(request.user):
        raise PermissionDenied
    agencies = list(permissions.manageable_agencies(request.user).order_by("name"))
    if not agencies:
        raise PermissionDenied
    agency_id = request.POST.get("agency") or request.GET.get("agency")
    agency = next((a for a in agencies if str(a.pk) == str(agency_id)), agencies[0])
    employees = with_way_in(Employee.objects.filter(agency=agency, is_active=True)).order_by("name", "pk")
    form = ActivationSendForm(request.POST or None, employees_qs=employees)
    if request.method == "POST" and form.is_valid():
        ids = None
        if form.cleaned_data["scope"] == form.SCOPE_SELECTION:
            ids = [e.pk for e in form.cleaned_data["employees"]]
        batch = services.activation_batch_start(agency=agency, by=request.user, employee_ids=ids)
        return redirect("organization:activation_batch", pk=batch.pk)
    waiting = employees.filter(has_account=False)
    page = Paginator(waiting.only("pk", "name", "position", "email"), PAGE_SIZE).get_page(request.GET.get("page"))
    recent = permissions.visible_activation_batches(request.user).filter(agency=agency)[:5]
    return render(request, "organization/activation_send.html", {
        "form": form, "agencies": agencies, "agency": agency, "page": page, "recent": recent,
        "active_count": employees.count(), "waiting_count": page.paginator.count,
    })


@login_required
def activation_batch(request, pk):
    batch = permissions.access_object(permissions.visible_activation_batches(request.user), pk=pk)
    return render(request, "organization/activation_batch.html", {"batch": batch})


@login_required
def activation_batch_status(request, pk):
    """The progress bar (htmx polls it); when the batch is over, htmx reloads the page for the result."""
    batch = permissions.access_object(permissions.visible_activation_batches(request.user), pk=pk)
    response = render(request, "organization/_activation_progress.html", {"batch": batch})
    if not batch.is_in_progress:
        response["HX-Refresh"] = "true"
    return response



