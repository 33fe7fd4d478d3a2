from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organization.permissions import access_object, is_city_reader

from .forms import EmailPreferenceForm, ReportFilterForm
from .models import EmailPreference, Notification
from .permissions import can_view_reports, visible_reports
from .services import mark_all_read, mark_read


@login_required
def index(request):
    qs = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread"):
        qs = qs.unread()
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "only_unread": bool(request.GET.get("unread"))})


@login_required
def open_notification(request, pk):
    """Mark read, then go where the notification points."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_read(notification=notification)
    target = notification.url or "notifications:index"
    if notification.url and not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        target = "notifications:index"
    return redirect(target)


@require_POST
@login_required
def read_all(request):
    count = mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notifikasi ditandai sudah dibaca.") % {"count": count})
    return redirect("notifications:index")


@login_required
def preferences(request):
    pref, _created = EmailPreference.objects.get_or_create(user=request.user)
    form = EmailPreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Preferensi e-mail disimpan."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def reports(request):
    """Generated summary reports of the leader's scope, newest first, with their PDF and Excel files."""
    if not can_view_reports(request.user):
        raise Http404
    city_wide = is_city_reader(request.user)
    form = ReportFilterForm(request.GET or None, city_wide=city_wide)
    qs = form.filter(visible_reports(request.user))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "notifications/reports.html", {
        "page": page, "form": form, "city_wide": city_wide,
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
    })


@login_required
def report_download(request, pk, fmt):
    """A report file, only for leaders whose scope it is (anyone else: 404)."""
    report = access_object(visible_reports(request.user), pk=pk)
    file = report.pdf if fmt == "pdf" else report.xlsx
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=file.name.rsplit("/", 1)[-1])
