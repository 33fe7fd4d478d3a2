from django.urls import path

from . import views

app_name = "agents"

urlpatterns = [
    path("", views.index, name="index"),
    path("zi/", views.zi_figures, name="zi"),
    # program periods (Tim RB)
    path("periode/", views.period_list, name="period_list"),
    path("periode/baru/", views.period_create, name="period_create"),
    path("periode/<int:pk>/", views.period_detail, name="period_detail"),
    path("periode/<int:pk>/ubah/", views.period_edit, name="period_edit"),
    path("periode/<int:pk>/pemungutan-suara/", views.vote, name="vote"),
    # nominations
    path("nominasi/", views.nomination_list, name="nomination_list"),
    path("nominasi/baru/", views.nomination_create, name="nomination_create"),
    path("nominasi/cari-calon/", views.candidate_search, name="candidate_search"),
    path("nominasi/syarat/", views.eligibility_panel, name="eligibility"),
    path("nominasi/peringkat/", views.nomination_ranking, name="nomination_ranking"),
    path("nominasi/tertahan/", views.nomination_stalled, name="nomination_stalled"),
    path("nominasi/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("nominasi/<int:pk>/ubah/", views.nomination_edit, name="nomination_edit"),
    path("nominasi/<int:pk>/nilai/", views.nomination_score, name="nomination_score"),
    path("nominasi/<int:pk>/bukti/", views.nomination_evidence_add, name="nomination_evidence_add"),
    path("nominasi/<int:pk>/bukti/<int:evidence_pk>/", views.nomination_evidence, name="nomination_evidence"),
    path("nominasi/<int:pk>/riwayat/", views.nomination_history_page, name="nomination_history"),
    path("nominasi/<int:pk>/<str:action>/", views.nomination_action, name="nomination_action"),
    # registry
    path("daftar/", views.agent_list, name="agent_list"),
    path("daftar/ekspor.<str:fmt>", views.agent_export, name="agent_export"),
    path("daftar/role-model/baru/", views.role_model_create, name="role_model_create"),
    path("daftar/<int:pk>/", views.agent_detail, name="agent_detail"),
    path("daftar/<int:pk>/riwayat/", views.agent_history, name="agent_history"),
    path("daftar/<int:pk>/akhiri/", views.agent_end_term, name="agent_end_term"),
    path("daftar/<int:pk>/perpanjang/", views.agent_renew, name="agent_renew"),
    # change projects
    path("rencana-aksi/", views.project_list, name="project_list"),
    path("rencana-aksi/baru/", views.project_create, name="project_create"),
    path("rencana-aksi/<int:pk>/", views.project_detail, name="project_detail"),
    path("rencana-aksi/<int:pk>/ubah/", views.project_edit, name="project_edit"),
    path("rencana-aksi/<int:pk>/integrasi/", views.project_integrate, name="project_integrate"),
    path("rencana-aksi/<int:pk>/verifikasi/", views.project_verify, name="project_verify"),
    path("rencana-aksi/<int:pk>/laporan/", views.report_create, name="report_create"),
    path("rencana-aksi/<int:pk>/bukti/<int:evidence_pk>/", views.report_evidence, name="report_evidence"),
]
