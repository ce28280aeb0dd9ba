from django.urls import path

from landreg.tiles import views

app_name = "tiles"

urlpatterns = [path("parcels/<int:z>/<int:x>/<int:y>.mvt", views.parcels, name="parcels")]
