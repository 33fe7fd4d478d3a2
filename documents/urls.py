from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("periode/<int:pk>/", views.period_documents, name="period_documents"),
    path("<int:pk>/unduh/", views.download, name="download"),
    path("sk-agen/<int:pk>/", views.agent_decree, name="agent_decree"),
]
