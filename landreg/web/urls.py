from django.urls import path

from landreg.web import basemap, views
from landreg.web.parcels import export as parcel_export
from landreg.web.parcels import listing as parcel_list
from landreg.web.people import views as people
from landreg.web.public import views as public
from landreg.web.search import views as search

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon),
    path("map/", views.parcel_map, name="map"),
    path("search/", search.search_page, name="search"),
    path("parcels/", parcel_list.parcel_list, name="parcel-list"),
    path("parcels/export.csv", parcel_export.parcel_list_csv, name="parcel-list-csv"),
    path("parcels/<uuid:pk>/", views.parcel_detail, name="parcel-detail"),
    path("people/<uuid:pk>/", people.person_detail, name="person"),
    path("registre/", public.register_search, name="public-register"),
    path("registre/villages/<str:code>/", public.village_parcels, name="public-village"),
    path("registre/parcelles/<uuid:pk>/", public.parcel_page, name="public-parcel"),
    path("registre/carte/", public.public_map, name="public-map"),
    path("registre/verifier/", public.verify_form, name="public-verify"),
    path("basemap/<int:z>/<int:x>/<int:y>", basemap.basemap_tile, name="basemap-tile"),
]
