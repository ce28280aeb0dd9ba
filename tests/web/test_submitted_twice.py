"""Every form that records something, sent twice as a browser sends it (a double click, reload after a POST,
a network retry): one record, one move, one audit event, and the second answer leads to what the first did.

One row of FORMS per form: ``arrange_<name>`` makes what the form needs and says who opens which page and
which of its forms they send, with what typed and which button. A new form: a row and its arrange method.
Each sending is exactly what the page renders (its fields, its hidden token, the CSRF token of the page, the
button's name and value), read by tests/browser_forms.py.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.states import ClaimState
from landreg.certificates.issuing.services import certificate_issue, certificate_print
from landreg.certificates.issuing.transitions import certificate_sign
from landreg.certificates.models import Certificate
from landreg.core import clock
from landreg.core.models import FormSubmission
from landreg.disputes.models import DisputeCase
from landreg.parcels.models import ImportJob
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import applicant
from tests.base import make_person
from tests.browser_forms import Form, form_posting_to, form_with_field, forms
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import square

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GEOJSON = (
    b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "P1"}, '
    b'"geometry": {"type": "Polygon", "coordinates": [[[-1.5, 12.3], [-1.499, 12.3], [-1.499, 12.301], '
    b"[-1.5, 12.3]]]}}]}"
)
AGAIN = "Ce formulaire a été envoyé deux fois\u202f: il n’est enregistré qu’une fois, comme ci-dessous."


@dataclass
class Sending:
    """Who opens ``page`` and sends its form that ``pick`` finds, with ``typed`` values and ``button``."""

    user: object
    page: str
    pick: Callable[[str], Form]
    typed: dict = field(default_factory=dict)
    button: tuple[str, str] | None = None  # the button clicked (name, value); else the form's first
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    records: bool = True  # False: a form that records nothing (the login)
    state: Callable[[], object] | None = None  # what a move changes without adding a row
    again: str = AGAIN  # what the second answer's page says


def posting_to(ending: str) -> Callable[[str], Form]:
    return lambda html: form_posting_to(html, ending)


def with_field(name: str) -> Callable[[str], Form]:
    return lambda html: form_with_field(html, name)


def first_with_control(name: str) -> Callable[[str], Form]:
    return lambda html: next(f for f in forms(html) if name in f.controls)


# (name, what it records). Every form of templates/ that posts and records or moves something.
FORMS = [
    ("claim_new", "a claim drafted"),
    ("claim_edit", "a draft saved"),
    ("claim_document", "a document attached to a claim"),
    ("claim_submit", "a claim moved (one-click move)"),
    ("claim_notice_extend", "a claim moved from its confirmation page"),
    ("vote", "a committee member's vote"),
    ("objection", "an objection, with its dispute case"),
    ("site_visit", "a site verification record"),
    ("change_new", "an application for a change"),
    ("consent", "a co-holder's consent"),
    ("certificate_issue", "a certificate issued"),
    ("certificate_sign", "a certificate signed"),
    ("certificate_print", "a certificate printed"),
    ("certificate_deliver", "a certificate delivered"),
    ("certificate_revoke", "a certificate revoked"),
    ("batch_create", "a print run"),
    ("batch_restart", "a print run restarted"),
    ("case_new", "a dispute case opened"),
    ("case_party", "a party joining a case"),
    ("case_document", "a document brought to a case"),
    ("case_session_schedule", "a conciliation session scheduled"),
    ("import_start", "a parcel import"),
    ("import_retry", "a parcel import queued again"),
    ("login", "a login"),
]


def row_counts(state=None) -> dict[str, object]:
    """How many rows each of the registry's tables holds (records, events, versions, the audit chain), and
    the ``state`` a move changes."""
    return {"state": state() if state else None} | {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__module__.startswith("landreg.")
        and model._meta.managed
        and not model._meta.proxy
        and model is not FormSubmission
    }


class SubmittedTwiceTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.browser = Client(enforce_csrf_checks=True)

    # --- the sending ------------------------------------------------------------------------------
    def body(self, form: Form, sending: Sending) -> dict:
        typed = dict(sending.typed)
        data = form.data(sending.button or (form.buttons or [None])[0], **typed)
        for name, (filename, content) in sending.files.items():
            data[name] = SimpleUploadedFile(filename, content)  # a new file each time, as a browser sends it
        return data

    def send_twice(self, name: str):
        sending = getattr(self, f"arrange_{name}")()
        if sending.records:
            self.browser.force_login(sending.user)
        page = self.browser.get(sending.page)
        assert page.status_code == 200, (name, page.status_code)
        form = sending.pick(page.content.decode())
        assert form.method == "post" and "csrfmiddlewaretoken" in dict(form.fields)
        action = form.action or sending.page
        before = row_counts(sending.state)
        first = self.browser.post(action, self.body(form, sending))
        done = first.status_code == 302 or not first["Content-Type"].startswith("text/html")
        assert done, (name, first.status_code, re.findall(r'class="error[^>]*>[^<]*', first.content.decode()))
        once = row_counts(sending.state)
        if sending.records:
            assert once != before, f"{name}: the first sending recorded nothing"
        second = self.browser.post(action, self.body(form, sending))
        twice = row_counts(sending.state)
        grown = {k: (once[k], twice[k]) for k in once if once[k] != twice[k]}
        assert not grown, f"{name}: recorded twice: {grown}"
        return sending, first, second

    def assert_sent_twice_recorded_once(self, name: str):
        sending, first, second = self.send_twice(name)
        assert second.status_code != 500
        if first.status_code == 302:
            # The second answer leads where the first did, and says why nothing more happened.
            assert second.status_code == 302, (name, second.status_code)
            assert second["Location"] == first["Location"], name
            shown = self.browser.get(second["Location"])
            assert shown.status_code == 200
            assert sending.again in unescape(shown.content.decode()), name
        else:  # a document: the same one again
            assert second.status_code == 200 and second["Content-Type"] == first["Content-Type"], name
            assert second.content == first.content, name

    # --- claims -----------------------------------------------------------------------------------
    def arrange_claim_new(self):
        return Sending(
            self.agent_a,
            "/adjudication/claims/new/",
            with_field("local_name"),
            {
                "village": str(self.village_a.pk),
                "local_name": "Kɔnkɔ",
                "geometry": square(100, 0).geojson,
                "holders-0-last_name": "Ŋaba",
                "holders-0-first_names": "Ɓintu Fatɛ",
                "holders-0-sex": "F",
            },
            button=("save", "1"),
        )

    def claim_page(self, user, claim, pick, typed=None, button=None, **kw):
        return Sending(user, f"/adjudication/claims/{claim.pk}/", pick, typed or {}, button, **kw)

    def arrange_claim_edit(self):
        claim = self.draft()
        return Sending(
            self.agent_a,
            f"/adjudication/claims/{claim.pk}/edit/",
            with_field("local_name"),
            {"local_name": "Champ de Ɓaŋre"},
            button=("save", "1"),
        )

    def arrange_claim_document(self):
        return self.claim_page(
            self.agent_a,
            self.draft(),
            posting_to("/documents/"),
            {"source_type": "application_form", "document_date": "2030-01-07", "reference": "F-1"},
            files={"file": ("demande.pdf", PDF)},
        )

    def arrange_claim_submit(self):
        claim = self.draft()
        self.attach(claim, *claim.profile.required_documents.get("application", []))
        return self.claim_page(self.agent_a, claim, posting_to("/moves/submit/"), button=("move", "submit"))

    def arrange_claim_notice_extend(self):
        claim = self.walk_to(self.draft(), ClaimState.PUBLIC_NOTICE)
        new_end = (claim.notice_end + dt.timedelta(days=2)).isoformat()
        return Sending(
            self.registrar,
            f"/adjudication/claims/{claim.pk}/moves/notice_extend/",
            posting_to("/moves/notice_extend/"),
            {"new_end": new_end, "reason": "Marché annulé"},
            button=("move", "notice_extend"),
        )

    def arrange_vote(self):
        claim = self.walk_to(self.draft(), ClaimState.COMMITTEE_VALIDATION)
        return self.claim_page(
            self.member_a, claim, posting_to("/vote/"), {"decision": "approve", "reason": "Limites reconnues"}
        )

    def arrange_objection(self):
        claim = self.walk_to(self.draft(), ClaimState.PUBLIC_NOTICE)
        return self.claim_page(
            self.agent_a,
            claim,
            posting_to("/objection/"),
            {
                "objector_name": "ƁAŊƆ Ɛlisabɛt",
                "objector_id_reference": "CNIB B1234",
                "grounds": "La borne nord est sur mon champ",
            },
        )

    def arrange_site_visit(self):
        claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        return Sending(
            self.member_a,
            f"/adjudication/claims/{claim.pk}/site-visit/",
            with_field("attendees-TOTAL_FORMS"),
            {"language": "mooré", "place": "Tanghin"},
        )

    def arrange_change_new(self):
        heir = make_person(self.village_a, "Ouédraogo", "Issa", "M")
        return Sending(
            self.registrar,
            f"/adjudication/parcels/{self.parcel_a.pk}/change/",
            with_field("kind"),
            {
                "kind": "inheritance",
                "reason": "Décès de OUÉDRAOGO Aminata, acte n°12",
                "right": str(self.right_a.pk),
                "holders-0-party": str(heir.pk),
                "holders-0-share": "1",
                "source_type": "customary_attestation",
                "document_date": "2030-01-05",
                "reference": "AC-12",
            },
            button=("", ""),  # « Déposer la demande » (the first button searches a person)
        )

    def arrange_consent(self):
        husband = make_person(self.village_a, "Kaboré", "Issa", "M", marital_status="married_monogamous")
        wife = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", "F")
        parcel = parcel_record(village=self.village_a, geometry=square(300, 0), survey_method="gps")
        joint = right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(husband, "1/3"), HolderShare(wife, "2/3")],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN",
        )
        sale = change_draft(
            actor=self.registrar,
            kind="sale",
            right=joint,
            new_holders=[applicant("Zongo", "Paul")],
            data={"reason": "Vente, acte n°4"},
        )
        return Sending(
            self.registrar,
            f"/adjudication/claims/{sale.pk}/consents/",
            first_with_control("key"),
            {"agrees": "yes", "mark": "cross"},
        )

    # --- certificates ------------------------------------------------------------------------------
    def certificate(self, *, signed=False, printed=False):
        certificate, _created = certificate_issue(right=self.right_a, actor=self.registrar)
        if printed or signed:  # the authority signs the printed paper
            certificate_print(certificate=certificate, actor=self.registrar)
        if signed:
            certificate = certificate_sign(certificate=certificate, actor=self.mayor)
        return certificate

    def certificate_page(self, user, certificate, ending, typed=None):
        return Sending(user, f"/certificates/{certificate.pk}/", posting_to(ending), typed or {})

    def arrange_certificate_issue(self):
        return Sending(
            self.registrar, "/certificates/", posting_to(f"/certificates/issue/{self.right_a.pk}/")
        )

    def arrange_certificate_sign(self):
        return self.certificate_page(self.mayor, self.certificate(printed=True), "/sign/")

    def arrange_certificate_print(self):
        return self.certificate_page(self.registrar, self.certificate(), "/print/")

    def arrange_certificate_deliver(self):
        return self.certificate_page(
            self.registrar,
            self.certificate(signed=True, printed=True),
            "/deliver/",
            {
                "recipient": str(self.holder_a.pk),
                "id_document_type": "national_id",
                "id_document_number": "B12345678",
            },
        )

    def arrange_certificate_revoke(self):
        return self.certificate_page(
            self.mayor, self.certificate(signed=True), "/revoke/", {"reason": "Erreur de limite"}
        )

    def test_the_print_form_sent_again_the_next_day_prints_a_duplicate(self):
        sending = self.arrange_certificate_print()
        self.browser.force_login(sending.user)
        form = sending.pick(self.browser.get(sending.page).content.decode())
        assert self.browser.post(form.action, self.body(form, sending))["Content-Type"] == "application/pdf"
        self.travel(1)  # not a retry any more: the page kept open and its button clicked again
        assert self.browser.post(form.action, self.body(form, sending))["Content-Type"] == "application/pdf"
        certificate = Certificate.objects.get(right=self.right_a)
        assert certificate.print_count == 2 and certificate.reprint_count == 1

    def arrange_batch_create(self):
        return Sending(
            self.registrar,
            f"/certificates/batches/preview/?unit={self.village_a.pk}&format=pdf",
            posting_to("/certificates/batches/"),
            button=("confirm", "1"),
        )

    def arrange_batch_restart(self):
        from landreg.certificates.models import CertificateBatch

        batch = CertificateBatch.objects.create(
            unit=self.village_a,
            requested_by=self.registrar,
            status="failed",
            output_format="pdf",
            created_at=clock.now(),
        )
        restart = lambda html: next(f for f in forms(html) if f.method == "post" and not f.action)  # noqa: E731
        state = lambda: CertificateBatch.objects.get(pk=batch.pk).status  # noqa: E731
        return Sending(self.registrar, f"/certificates/batches/{batch.pk}/", restart, state=state)

    # --- disputes ----------------------------------------------------------------------------------
    def arrange_case_new(self):
        return Sending(
            self.disputes,
            "/disputes/new/",
            with_field("subject"),
            {
                "village": str(self.village_a.pk),
                "parcels": self.parcel_a.number,
                "kind": "inheritance",
                "subject": "Succession contestée",
                "party0_role": "holder",
                "party0_name": "OUÉDRAOGO Aminata",
                "party0_sex": "F",
                "party1_role": "heir",
                "party1_name": "OUÉDRAOGO Rasmata",
                "party1_sex": "F",
            },
        )

    def case_page(self, ending, typed, **kw):
        case = self.file_case(parcels=[self.parcel_a])
        return Sending(self.conciliator, f"/disputes/{case.pk}/", posting_to(ending), typed, **kw)

    def arrange_case_party(self):
        return self.case_page("/parties/", {"role": "heir", "name": "ZONGO Awa", "sex": "F"})

    def arrange_case_document(self):
        return self.case_page(
            "/documents/",
            {
                "source_type": "customary_attestation",
                "reference": "Attestation 4/2030",
                "description": "Chef",
            },
        )

    def arrange_case_session_schedule(self):
        return self.case_page(
            "/moves/session_schedule/",
            {
                "scheduled_for": (clock.today() + dt.timedelta(days=7)).isoformat(),
                "place": "Maison du village",
            },
        )

    # --- parcels -----------------------------------------------------------------------------------
    def arrange_import_start(self):
        return Sending(
            self.agent_a,
            "/parcels/import/",
            with_field("village"),
            {"village": str(self.village_a.pk)},
            files={"file": ("parcelles.geojson", GEOJSON)},
        )

    def arrange_import_retry(self):
        job = ImportJob.objects.create(
            village=self.village_a,
            file=SimpleUploadedFile("parcelles.geojson", GEOJSON),
            file_name="parcelles.geojson",
            created_by=self.agent_a,
            created_at=clock.now(),
            status="failed",
        )
        state = lambda: ImportJob.objects.get(pk=job.pk).status  # noqa: E731
        return Sending(self.agent_a, f"/parcels/import/{job.pk}/", posting_to("/retry/"), state=state)

    # --- accounts ----------------------------------------------------------------------------------
    def arrange_login(self):
        return Sending(
            self.stranger,
            "/accounts/login/",
            with_field("username"),
            {"username": "stranger", "password": "pw-stranger"},
            records=False,
            again="Vous êtes déjà connecté.",
        )


def _test(name: str, what: str):
    def test(self):
        self.assert_sent_twice_recorded_once(name)

    test.__name__ = f"test_{name}_sent_twice_is_recorded_once"
    test.__doc__ = f"{what.capitalize()}, sent twice, is recorded once."
    return test


for _name, _what in FORMS:
    setattr(SubmittedTwiceTests, f"test_{_name}_sent_twice_is_recorded_once", _test(_name, _what))


class FormExpiredTests(DisputeTestCase):
    def test_a_form_sent_with_a_token_of_another_session_is_refused_in_french_with_nothing_recorded(self):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.disputes)
        page = browser.get("/disputes/new/").content.decode()
        body = form_with_field(page, "subject").data(("open", "1"), subject="Litige")
        browser.logout()
        browser.force_login(self.disputes)  # a new session: Django renews the CSRF token at login
        browser.cookies.pop("csrftoken", None)
        browser.get("/")
        response = browser.post("/disputes/new/", body)
        assert response.status_code == 403
        assert "Ce formulaire a expiré" in unescape(response.content.decode())
        assert not DisputeCase.objects.exists()
