from django.urls import path

from landreg.disputes.api import cases as api

urlpatterns = [
    path("", api.DisputeListApi.as_view(), name="dispute-list"),
    path("figures/", api.DisputeFiguresApi.as_view(), name="dispute-figures"),
    path("reminders/", api.DisputeRemindersApi.as_view(), name="dispute-reminders"),
    path("<uuid:pk>/", api.DisputeDetailApi.as_view(), name="dispute-detail"),
    path("<uuid:pk>/parties/", api.DisputePartyApi.as_view(), name="dispute-party"),
    path("<uuid:pk>/documents/", api.DisputeDocumentApi.as_view(), name="dispute-document"),
    path("<uuid:pk>/homologation/", api.DisputeHomologationApi.as_view(), name="dispute-homologation"),
    path(
        "<uuid:pk>/homologation/refusal/",
        api.DisputeHomologationRefusalApi.as_view(),
        name="dispute-homologation-refusal",
    ),
    path("<uuid:pk>/withdrawal/", api.DisputeJointWithdrawalApi.as_view(), name="dispute-withdrawal"),
    path("<uuid:pk>/moves/<slug:move>/", api.DisputeMoveApi.as_view(), name="dispute-move"),
]
