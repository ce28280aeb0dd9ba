from django.urls import path

from landreg.disputes.pages import cases as pages
from landreg.disputes.pages import figures

app_name = "disputes"

urlpatterns = [
    path("", pages.home, name="home"),
    path("cases/", pages.case_list, name="case-list"),
    path("new/", pages.case_new, name="case-new"),
    path("figures/", figures.figures_page, name="figures"),
    path("<uuid:pk>/", pages.case_detail, name="case"),
    path("<uuid:pk>/parties/", pages.case_party, name="case-party"),
    path("<uuid:pk>/documents/", pages.case_document, name="case-document"),
    path("<uuid:pk>/homologation/", pages.case_homologation, name="case-homologation"),
    path(
        "<uuid:pk>/homologation/refusal/", pages.case_homologation_refusal, name="case-homologation-refusal"
    ),
    path("<uuid:pk>/withdrawal/", pages.case_joint_withdrawal, name="case-withdrawal"),
    path("<uuid:pk>/moves/<slug:move>/", pages.case_move, name="case-move"),
    path("<uuid:pk>/records/<uuid:outcome_pk>.pdf", pages.outcome_record, name="outcome-pdf"),
]
