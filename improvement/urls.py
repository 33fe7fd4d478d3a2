from django.urls import path

from . import views

app_name = "improvement"

urlpatterns = [
    path("", views.index, name="index"),
    path("nilai/<int:pk>/rencana/", views.plan_create, name="plan_create"),
    path("rencana/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/tindakan/", views.action_add, name="action_add"),
    path("rencana/<int:pk>/kemajuan/", views.progress_add, name="progress_add"),
    path("siklus/<int:pk>/kualitas-penilai/", views.cycle_rater_quality, name="rater_quality"),
]
