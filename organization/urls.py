from django.urls import path

from . import import_views, views
from .identity import views as identity_views

app_name = "organization"

urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("tambah/", views.employee_create, name="employee_create"),
    path("cari/", views.employee_search, name="employee_search"),
    path("plt/", views.acting_head_list, name="acting_head_list"),
    path("<int:pk>/", views.employee_detail, name="employee_detail"),
    path("<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
    path("<int:pk>/riwayat/", views.employee_history, name="employee_history"),
    path("instansi/", views.institution_edit, name="institution_edit"),
    path("impor/", import_views.import_start, name="import_start"),
    path("impor/templat.<str:fmt>", import_views.import_template, name="import_template"),
    path("impor/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("impor/<int:pk>/terapkan/", import_views.import_confirm, name="import_confirm"),
    path("impor/<int:pk>/batal/", import_views.import_cancel, name="import_cancel"),
    path("impor/<int:pk>/status/", import_views.import_status, name="import_status"),
    path("aktivasi/", identity_views.activation_send, name="activation_send"),
    path("aktivasi/<int:pk>/", identity_views.activation_batch, name="activation_batch"),
    path("aktivasi/<int:pk>/status/", identity_views.activation_batch_status, name="activation_batch_status"),
    path("impor/<int:pk>/kesalahan.csv", import_views.import_errors_csv, name="import_errors_csv"),
]
