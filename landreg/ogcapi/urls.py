from django.urls import path

from landreg.ogcapi import views

app_name = "ogcapi"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("conformance", views.conformance, name="conformance"),
    path("api", views.api_document, name="openapi"),
    path("collections", views.collections, name="collections"),
    path("collections/parcels", views.collection, name="collection"),
    path("collections/parcels/queryables", views.queryables, name="queryables"),
    path("collections/parcels/items", views.items, name="items"),
    path("collections/parcels/items/<str:pk>", views.item, name="item"),
]
