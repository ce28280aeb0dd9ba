from django.urls import path

from landreg.certificates.api import certificates as api

urlpatterns = [
    path("", api.CertificateListApi.as_view(), name="certificate-list"),
    path("queue/", api.CertificateQueueApi.as_view(), name="certificate-queue"),
    path("issue/", api.CertificateIssueApi.as_view(), name="certificate-issue"),
    path("batches/", api.BatchCreateApi.as_view(), name="certificate-batch-create"),
    path("batches/<uuid:pk>/", api.BatchDetailApi.as_view(), name="certificate-batch"),
    path("verify/<str:token>/", api.VerifyApi.as_view(), name="certificate-verify"),
    path("<uuid:pk>/", api.CertificateDetailApi.as_view(), name="certificate-detail"),
    path("<uuid:pk>/print/", api.CertificatePrintApi.as_view(), name="certificate-print"),
    path("<uuid:pk>/sign/", api.CertificateSignApi.as_view(), name="certificate-sign"),
    path("<uuid:pk>/revoke/", api.CertificateRevokeApi.as_view(), name="certificate-revoke"),
    path("<uuid:pk>/lost/", api.CertificateLostApi.as_view(), name="certificate-lost"),
    path("<uuid:pk>/deliver/", api.CertificateDeliverApi.as_view(), name="certificate-deliver"),
]
