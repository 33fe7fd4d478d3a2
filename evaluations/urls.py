from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.index, name="index"),
    path("assignments/<int:pk>/", views.answer, name="answer"),
    path("reports/<int:pk>/", views.my_report, name="my_report"),
    path("reports/<int:pk>/pdf/", views.my_report_pdf, name="my_report_pdf"),
    path("instruments/", views.instrument_list, name="instrument_list"),
    path("instruments/new/", views.instrument_create, name="instrument_create"),
    path("instruments/<int:pk>/", views.instrument_detail, name="instrument_detail"),
    path("instruments/<int:pk>/edit/", views.instrument_edit, name="instrument_edit"),
    path("instruments/<int:pk>/new-version/", views.instrument_new_version, name="instrument_new_version"),
    path("instruments/<int:pk>/dimensions/new/", views.dimension_form, name="dimension_create"),
    path("instruments/<int:pk>/dimensions/<int:dimension_pk>/edit/", views.dimension_form, name="dimension_edit"),
    path("instruments/<int:pk>/items/new/", views.item_form, name="item_create"),
    path("instruments/<int:pk>/items/<int:item_pk>/edit/", views.item_form, name="item_edit"),
    path("instruments/<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("cycles/", views.cycle_list, name="cycle_list"),
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/edit/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/history/", views.cycle_history, name="cycle_history"),
    path("cycles/<int:pk>/assignments/", views.cycle_assignments, name="cycle_assignments"),
    path("cycles/<int:pk>/assignments/generate/", views.assignments_generate, name="assignments_generate"),
    path("cycles/<int:pk>/assignments/<int:assignment_pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("cycles/<int:pk>/open/", views.cycle_open, name="cycle_open"),
    path("cycles/<int:pk>/close/", views.cycle_close, name="cycle_close"),
    path("cycles/<int:pk>/publish/", views.cycle_publish, name="cycle_publish"),
    path("cycles/<int:pk>/comments/", views.cycle_comments, name="cycle_comments"),
    path("cycles/<int:pk>/results/", views.results, name="results"),
    path("cycles/<int:pk>/results/export.xlsx", views.results_xlsx, name="results_xlsx"),
    path("cycles/<int:pk>/results/export.pdf", views.results_pdf, name="results_pdf"),
    path("cycles/<int:pk>/results/subjects/<int:employee_pk>/", views.subject_result, name="subject_result"),
    path("cycles/<int:pk>/results/subjects/<int:employee_pk>/pdf/", views.subject_result_pdf, name="subject_result_pdf"),
]
