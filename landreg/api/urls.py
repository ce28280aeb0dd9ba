from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from landreg.adjudication.api import changes as api_changes
from landreg.adjudication.api import claims as adjudication_api
from landreg.adjudication.api import consents as api_consents
from landreg.adjudication.api import later_life as api_later_life
from landreg.adjudication.api import mortgages as api_mortgages
from landreg.api import boundaries, views
from landreg.api.tokens import TokenObtainApi, TokenRefreshApi
from landreg.collect.api import SyncApi

app_name = "api"

v1 = [
    path("auth/token/", TokenObtainApi.as_view(), name="token"),
    path("auth/token/refresh/", TokenRefreshApi.as_view(), name="token-refresh"),
    path("parcels/", views.ParcelListApi.as_view(), name="parcel-list"),
    path("parcels/<uuid:pk>/", views.ParcelDetailApi.as_view(), name="parcel-detail"),
    path("claims/", adjudication_api.ClaimListApi.as_view(), name="claim-list"),
    path("claims/<uuid:pk>/", adjudication_api.ClaimDetailApi.as_view(), name="claim-detail"),
    path("claims/<uuid:pk>/moves/<slug:move>/", adjudication_api.ClaimMoveApi.as_view(), name="claim-move"),
    path("claims/<uuid:pk>/documents/", adjudication_api.ClaimDocumentApi.as_view(), name="claim-document"),
    path("claims/<uuid:pk>/votes/", adjudication_api.ClaimVoteApi.as_view(), name="claim-vote"),
    path(
        "claims/<uuid:pk>/objections/", adjudication_api.ClaimObjectionApi.as_view(), name="claim-objection"
    ),
    path(
        "claims/<uuid:pk>/site-visits/", adjudication_api.ClaimSiteVisitApi.as_view(), name="claim-site-visit"
    ),
    path("parcels/<uuid:pk>/split/", api_later_life.ParcelSplitApi.as_view(), name="parcel-split"),
    path("parcels/merge/", api_later_life.ParcelMergeApi.as_view(), name="parcel-merge"),
    path(
        "parcels/<uuid:pk>/secondary-rights/",
        api_later_life.ParcelSecondaryRightApi.as_view(),
        name="parcel-secondary-right",
    ),
    path("parcels/<uuid:pk>/mortgages/", api_mortgages.ParcelMortgageApi.as_view(), name="parcel-mortgage"),
    path(
        "parcels/<uuid:pk>/mortgages/<uuid:right_pk>/release/",
        api_mortgages.ParcelMortgageReleaseApi.as_view(),
        name="parcel-mortgage-release",
    ),
    path("claims/<uuid:pk>/consents/", api_consents.ClaimConsentApi.as_view(), name="claim-consents"),
    path("changes/", api_changes.ChangeApplicationApi.as_view(), name="change-application"),
    path("rights/<uuid:pk>/transfers/", adjudication_api.RightTransferApi.as_view(), name="right-transfer"),
    path("certificates/", include("landreg.certificates.api.urls")),
    path("disputes/", include("landreg.disputes.api.urls")),
    path("parcels/check/", boundaries.BoundaryCheckApi.as_view(), name="parcel-check"),
    path("sync/", SyncApi.as_view(), name="sync"),
    path("boundaries/from-file/", boundaries.BoundaryFromFileApi.as_view(), name="boundary-from-file"),
    path("boundaries/from-points/", boundaries.BoundaryFromPointsApi.as_view(), name="boundary-from-points"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
