from django.urls import path

from landreg.adjudication.pages import changes as views_changes
from landreg.adjudication.pages import claims as views
from landreg.adjudication.pages import consents as views_consents
from landreg.adjudication.pages import drafting as views_agent
from landreg.adjudication.pages import papers as views_papers

app_name = "adjudication"

urlpatterns = [
    path("affichage/", views.notice_boards, name="notice-boards"),
    path("affichage/<str:village_code>/", views.notice_board, name="notice-board"),
    path("affichage/<str:village_code>/pdf/", views.notice_board_pdf_view, name="notice-board-pdf"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/new/", views_agent.claim_new, name="claim-new"),
    path("parcels/<uuid:parcel_pk>/change/", views_changes.change_new, name="change-new"),
    path(
        "parcels/<uuid:parcel_pk>/rights/<uuid:right_pk>/end/",
        views_changes.secondary_right_end_view,
        name="secondary-right-end",
    ),
    path(
        "parcels/<uuid:parcel_pk>/mortgages/<uuid:right_pk>/release/",
        views_changes.mortgage_release_view,
        name="mortgage-release",
    ),
    path("claims/<uuid:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<uuid:pk>/edit/", views_agent.claim_edit, name="claim-edit"),
    path("claims/<uuid:pk>/consents/", views_consents.claim_consents, name="claim-consents"),
    path("claims/<uuid:pk>/documents/", views.claim_document, name="claim-document"),
    path("claims/<uuid:pk>/moves/<slug:move>/", views.claim_move_view, name="claim-move"),
    path("claims/<uuid:pk>/vote/", views.vote_view, name="vote"),
    path("claims/<uuid:pk>/objection/", views.objection_view, name="objection"),
    path("claims/<uuid:pk>/site-visit/", views.site_visit_view, name="site-visit"),
    path("claims/<uuid:pk>/papers/receipt.pdf", views_papers.claim_receipt, name="claim-receipt"),
    path(
        "claims/<uuid:pk>/papers/site-visits/<uuid:visit_pk>.pdf",
        views_papers.site_record,
        name="site-record",
    ),
    path("claims/<uuid:pk>/papers/committee-minutes.pdf", views_papers.claim_minutes, name="claim-minutes"),
    path(
        "committee/<str:village_code>/<str:day>/minutes.pdf",
        views_papers.session_minutes,
        name="session-minutes",
    ),
]
