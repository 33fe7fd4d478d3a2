from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/buka/", views.open_notification, name="open"),
    path("baca-semua/", views.read_all, name="read_all"),
    path("preferensi/", views.preferences, name="preferences"),
    path("laporan/", views.reports, name="reports"),
    path("laporan/<int:pk>/<str:fmt>/", views.report_download, name="report_download"),
]
