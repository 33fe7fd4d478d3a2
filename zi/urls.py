from django.urls import path

from . import views

app_name = "zi"

urlpatterns = [
    path("", views.index, name="index"),
    path("pd/<int:pk>/", views.workspace, name="workspace"),
    path("pd/<int:pk>/indikator/<int:indicator_pk>/", views.entry_save, name="entry_save"),
    path("pd/<int:pk>/indikator/<int:indicator_pk>/bukti/", views.evidence_add, name="evidence_add"),
    path("pd/<int:pk>/bukti/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
    path("pd/<int:pk>/bukti/<int:evidence_pk>/hapus/", views.evidence_remove, name="evidence_remove"),
    path("pd/<int:pk>/ajukan/", views.submit, name="submit"),
    path("pd/<int:pk>/nilai/", views.review, name="review"),
    path("pd/<int:pk>/lke.xlsx", views.export, name="export"),
    path("pd/<int:pk>/paket/", views.pack_build, name="pack_build"),
    path("pd/<int:pk>/paket/<int:build_pk>/", views.pack_status, name="pack_status"),
    path("pd/<int:pk>/paket/<int:build_pk>/unduh/", views.pack_download, name="pack_download"),
]
