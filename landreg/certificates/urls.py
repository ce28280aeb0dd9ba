from django.urls import path

from landreg.certificates.pages import certificates as views
from landreg.certificates.pages import exports, signatures

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.queue, name="queue"),
    path("certificates/all/", views.certificate_list, name="list"),
    path("certificates/all/export.csv", exports.certificate_list_csv, name="list-csv"),
    path("certificates/signatures/", signatures.signatures, name="signatures"),
    path("certificates/issue/<uuid:right_pk>/", views.issue, name="issue"),
    path("certificates/<uuid:pk>/", views.detail, name="detail"),
    path("certificates/<uuid:pk>/print/", views.print_pdf, name="print"),
    path("certificates/<uuid:pk>/sign/", views.sign, name="sign"),
    path("certificates/<uuid:pk>/revoke/", views.revoke, name="revoke"),
    path("certificates/<uuid:pk>/lost/", views.declare_lost, name="lost"),
    path("certificates/<uuid:pk>/deliver/", views.deliver, name="deliver"),
    path("certificates/batches/", views.batch_create, name="batch-create"),
    path("certificates/batches/preview/", views.batch_preview, name="batch-preview"),
    path("certificates/batches/<uuid:pk>/", views.batch_detail, name="batch"),
    path("certificates/batches/<uuid:pk>/download/", views.batch_download, name="batch-download"),
    path("verify/<path:token>", views.verify, name="verify"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
]
