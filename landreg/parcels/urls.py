from django.urls import path

from landreg.parcels import views

app_name = "parcels"

urlpatterns = [
    path("import/", views.import_start, name="import"),
    path("import/<int:pk>/", views.import_job, name="import-job"),
    path("import/<int:pk>/retry/", views.import_retry, name="import-retry"),
    path("export/<str:fmt>/", views.export, name="export"),
]
