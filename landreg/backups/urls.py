from django.urls import path

from landreg.backups import views

app_name = "backups"

urlpatterns = [
    path("", views.backups_page, name="page"),
    # <str:> takes no "/": a name with a path in it does not reach the view (and the view serves only
    # the names it lists).
    path("<str:name>/download/", views.backup_download, name="download"),
]
