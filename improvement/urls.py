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
    path("siklus/<int:pk>/jawaban-seragam/", views.cycle_straight_lining, name="straight_lining"),
    path("teladan/", views.recognition_list, name="recognition_list"),
    path("teladan/<int:pk>/tinjau/", views.recognition_review, name="recognition_review"),
    path("teladan/<int:pk>/tetapkan/", views.recognition_designate, name="recognition_designate"),
    path("teladan/<int:pk>/piagam.pdf", views.recognition_certificate, name="recognition_certificate"),
]
