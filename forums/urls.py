from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("f/<int:pk>/", views.forum_detail, name="forum"),
    path("f/<int:pk>/topik-baru/", views.topic_create, name="topic_create"),
    path("f/<int:pk>/langganan/", views.forum_subscribe, name="forum_subscribe"),
    path("f/<int:pk>/tandai-dibaca/", views.forum_mark_read, name="forum_mark_read"),
    path("f/<int:pk>/sebut/", views.mention_lookup, name="mention_lookup"),
    path("t/<int:pk>/", views.topic_detail, name="topic"),
    path("t/<int:pk>/belum-dibaca/", views.topic_unread, name="topic_unread"),
    path("t/<int:pk>/balas/", views.reply, name="reply"),
    path("t/<int:pk>/langganan/", views.topic_subscribe, name="topic_subscribe"),
    path("t/<int:pk>/pindahkan/", views.topic_move, name="topic_move"),
    path("t/<int:pk>/moderasi/<slug:action>/", views.topic_moderate, name="topic_moderate"),
    path("p/<int:pk>/", views.post_goto, name="post"),
    path("p/<int:pk>/ubah/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/hapus/", views.post_delete, name="post_delete"),
    path("p/<int:pk>/riwayat/", views.post_history, name="post_history"),
    path("p/<int:pk>/reaksi/", views.post_react, name="post_react"),
    path("p/<int:pk>/laporkan/", views.post_report, name="post_report"),
    path("p/<int:pk>/moderasi/<slug:action>/", views.post_moderate, name="post_moderate"),
    path("lampiran/<int:pk>/", views.attachment, name="attachment"),
    path("pratinjau/", views.preview, name="preview"),
    path("cari/", views.search, name="search"),
    path("topik-saya/", views.my_topics, name="my_topics"),
    path("sebutan/", views.mentions, name="mentions"),
    path("moderasi/", views.moderation, name="moderation"),
    path("moderasi/log/", views.moderation_log, name="moderation_log"),
    path("moderasi/laporan/<int:pk>/<slug:decision>/", views.report_handle, name="report_handle"),
]
