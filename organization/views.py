from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from agenperubahan import audit, data_versions, fragments

from . import chrome, permissions
from . import home as home_panels
from .forms import ActingHeadForm, EmployeeForm, InstitutionForm
from .institution import Institution
from .models import Agency, Employee
from .selectors import acting_head_list as select_acting_heads
from .selectors import employee_list_filtered
from .services import acting_head_save, employee_save, institution_update

PAGE_SIZE = 25


@login_required
def home(request):
    # The institution (for the panels rendered now) comes with the chrome's keys and the user's version: one round
    # trip that base.html would make anyway.
    return render(request, "home.html", {
        "panels": home_panels.rendered_panels(request.user, institution=chrome.institution(request))})


@login_required
def employee_list(request):
    if not permissions.can_list_employees(request.user):
        raise PermissionDenied
    user = request.user
    q = request.GET.get("q", "")
    agency_id = request.GET.get("agency") or None

    def context():
        employees = employee_list_filtered(user, q=q, agency_id=agency_id)
        page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
        agencies = None
        if permissions.is_city_reader(user):
            agencies = Agency.objects.top_level().only("pk", "name", "abbreviation").order_by("name")
        return {
            "page": page, "q": q, "agency_id": agency_id, "agencies": agencies,
            "can_manage": permissions.can_manage_employees(user),
            "can_edit_institution": permissions.can_edit_institution(user),
        }

    # Cached per scope (roles × agencies; outside the city readers also the employee: one's own row is visible)
    # and query, under the organization data version (agenperubahan/data_versions.py).
    person = "" if permissions.is_city_reader(user) else user.employee_id
    body = fragments.cached_body(request, "organization/_employee_list_body.html", context,
                                 versions=(data_versions.ORGANIZATION,), vary=(fragments.scope_of(user), person),
                                 templates=("includes/pagination.html", "includes/empty.html"))
    return render(request, "organization/employee_list.html", {"body": body})


@login_required
def employee_detail(request, pk):
    employee = permissions.access_object(permissions.visible_employees(request.user), pk=pk)
    return render(request, "organization/employee_detail.html", {
        "employee": employee,
        "can_edit": permissions.can_edit_employee(request.user, employee),
        "can_history": permissions.can_view_employee_history(request.user, employee),
        "subordinates": employee.subordinates.only("pk", "name", "nip", "position")[:50],
    })


@login_required
def employee_history(request, pk):
    """"Riwayat perubahan" of an employee record: who changed what, by hand or through an import."""
    employee = permissions.access_object(permissions.visible_employees(request.user), pk=pk)
    if not permissions.can_view_employee_history(request.user, employee):
        raise PermissionDenied
    return render(request, "audit/history.html", {
        "object_title": employee.full_name,
        "subtitle": f"{employee.position} · {employee.agency}",
        "crumbs": [(reverse("organization:employee_list"), _("Pegawai")),
                   (reverse("organization:employee_detail", args=[employee.pk]), employee.full_name)],
        **audit.page_context(request, employee, show_nip=permissions.can_see_nip(request.user, employee)),
    })


@login_required
def employee_create(request):
    if not permissions.can_manage_employees(request.user):
        raise PermissionDenied
    form = EmployeeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        employee = employee_save(employee=form.save(commit=False), by=request.user)
        messages.success(request, _("Pegawai %(name)s ditambahkan.") % {"name": employee.name})
        return redirect("organization:employee_detail", pk=employee.pk)
    return render(request, "organization/employee_form.html", {"form": form, "title": _("Tambah pegawai")})


@login_required
def employee_edit(request, pk):
    employee = permissions.access_object(permissions.visible_employees(request.user), pk=pk)
    if not permissions.can_edit_employee(request.user, employee):
        raise PermissionDenied
    form = EmployeeForm(request.POST or None, instance=employee, user=request.user)
    if request.method == "POST" and form.is_valid():
        employee_save(employee=form.save(commit=False), by=request.user)
        messages.success(request, _("Data pegawai disimpan."))
        return redirect("organization:employee_detail", pk=employee.pk)
    return render(request, "organization/employee_form.html", {
        "form": form, "title": _("Ubah pegawai"), "employee": employee,
    })


@login_required
def employee_search(request):
    """Search-as-you-type (htmx): returns a short list of matching employees in the user's scope."""
    q = request.GET.get("q", "")
    results = employee_list_filtered(request.user, q=q)[:10] if len(q.strip()) >= 2 else Employee.objects.none()
    return render(request, "organization/_employee_search_results.html", {"results": results, "q": q})


@login_required
def institution_edit(request):
    if not permissions.can_edit_institution(request.user):
        raise PermissionDenied
    # Edit a fresh copy from the database, not the cached one the pages read.
    instance = Institution.objects.filter(pk=Institution.singleton_instance_id).first() or Institution.get_solo()
    form = InstitutionForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        institution_update(institution=form.save(commit=False), by=request.user)
        messages.success(request, _("Identitas instansi disimpan."))
        return redirect("organization:institution_edit")
    return render(request, "organization/institution_form.html", {"form": form})
def acting_head_list(request):
    """Plt./Plh. of agency heads: the list (current ones first by date) and, for Tim RB, the form to record one."""
    if not permissions.can_manage_acting_heads(request.user):
        raise PermissionDenied
    form = ActingHeadForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                acting = acting_head_save(acting=form.save(commit=False), by=request.user)
            except ValidationError as exc:
                apply_model_errors(form, exc)
            else:
                messages.success(request, _("%(prefix)s %(office)s dicatat: %(name)s.")
                                 % {"prefix": acting.prefix, "office": acting.office, "name": acting.employee.name})
                return redirect("organization:acting_head_list")
    current = request.GET.get("semua") != "1"
    page = Paginator(select_acting_heads(agency_id=request.GET.get("agency"), current_only=current),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organization/acting_head_list.html", {
        "page": page, "form": form, "current_only": current,
    }, status=status)


def apply_model_errors(form, exc: ValidationError) -> None:
    """Put a model's validation errors on the form's fields (unknown fields on the form itself)."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else ("employee_nip" if field == "employee" else None), errors)
