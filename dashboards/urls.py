from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("ekspor/<str:fmt>/", views.export, name="export"),
    path("perangkat-daerah/", views.agencies, name="agencies"),
    path("pd/<int:pk>/", views.agency, name="agency"),
    path("pd/<int:pk>/daftar/<str:kind>/", views.agency_list, name="agency_list"),
    path("pd/<int:pk>/ekspor/<str:fmt>/", views.agency_export, name="agency_export"),
]
