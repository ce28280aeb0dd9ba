from django.urls import path

from landreg.documents import views

app_name = "documents"

urlpatterns = [
    path("<uuid:pk>/file/", views.source_file, name="file"),
]
