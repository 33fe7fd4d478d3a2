from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("ekspor/<str:fmt>/", views.export, name="export"),
    path("pd/<int:pk>/", views.agency, name="agency"),
    path("pd/<int:pk>/ekspor/<str:fmt>/", views.agency_export, name="agency_export"),
]
