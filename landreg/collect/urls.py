from django.urls import path

from landreg.collect import openrosa, views

app_name = "collect"

urlpatterns = [
    path("", views.my_submissions, name="submissions"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("formList", openrosa.form_list, name="form-list"),
    path("forms/<str:form_id>/form.xml", openrosa.form_download, name="form"),
    path("forms/<str:form_id>/manifest", openrosa.manifest, name="manifest"),
    path("forms/<str:form_id>/corrections.csv", openrosa.corrections, name="corrections"),
    path("submission", openrosa.submission, name="submission"),
]
