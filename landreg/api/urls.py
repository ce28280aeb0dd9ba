from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from landreg.api import views

app_name = "api"

v1 = [
    path("auth/token/", TokenObtainPairView.as_view(), name="token"),
    path("auth/token/refresh/", TokenRefreshView.as_view(), name="token-refresh"),
    path("parcels/", views.ParcelListApi.as_view(), name="parcel-list"),
    path("parcels/<uuid:pk>/", views.ParcelDetailApi.as_view(), name="parcel-detail"),
    path("parcels/check/", views.ParcelCheckApi.as_view(), name="parcel-check"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
