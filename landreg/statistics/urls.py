from django.urls import path

from landreg.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.statistics_page, name="page"),
    path("report.pdf", views.statistics_report, name="report"),
    path("<slug:figure>.csv", views.statistics_csv, name="csv"),
]
