from django.urls import path

from landreg.registers import views

app_name = "registers"

urlpatterns = [
    path("", views.register_list, name="list"),
    path("parcel/<uuid:pk>/extract/", views.parcel_extract_pdf, name="parcel-extract"),
    path("<str:village_code>/<slug:kind>/<slug:fmt>/", views.register_download, name="download"),
]
