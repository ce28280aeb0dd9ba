from django.urls import path

from landreg.web import basemap, parcel_list, search, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("map/", views.parcel_map, name="map"),
    path("search/", search.search_page, name="search"),
    path("parcels/", parcel_list.parcel_list, name="parcel-list"),
    path("parcels/<uuid:pk>/", views.parcel_detail, name="parcel-detail"),
    path("basemap/<int:z>/<int:x>/<int:y>", basemap.basemap_tile, name="basemap-tile"),
]
