from django.urls import path

from . import views

app_name = "organization"

urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("tambah/", views.employee_create, name="employee_create"),
    path("cari/", views.employee_search, name="employee_search"),
    path("<int:pk>/", views.employee_detail, name="employee_detail"),
    path("<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
]
