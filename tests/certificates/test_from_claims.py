"""A certificate for an approved claim: numbered by the profile's scheme, with the claim's references."""

import io
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.utils import translation

from landreg.accounts.roles import Role
from landreg.adjudication.claims.services import claim_draft
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.certificates.issuing.services import certificate_issue, certificate_pdf
from landreg.certificates.models import Certificate
from tests.adjudication.helpers import AdjudicationTestCase, applicant, make_user
from tests.browser_forms import flat, forms, links
from tests.certificates.base import pdf_text
from tests.geometries import square


class BurkinaClaimCertificateTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def test_an_approved_claim_gets_an_apfr_numbered_by_its_profile_with_the_procedure_references(self):
        claim = self.walk_to(self.draft(), ClaimState.READY_FOR_CERTIFICATE)
        registrar = make_user("guichet_a", Role.REGISTRAR, self.commune)
        certificate, created = certificate_issue(right=claim.right, actor=registrar)
        assert created
        assert certificate.number == "APFR-TC-C-TC-A-00001"
        assert certificate.series.title == self.profile.certificate_name
        assert certificate.application_reference == claim.receipt_number
        assert certificate.application_date is not None
        assert (certificate.notice_start, certificate.notice_end) == (claim.notice_start, claim.notice_end)
        assert certificate.site_record_date == claim.site_visits.get().visit_date
        text = pdf_text(certificate_pdf(certificate))
        assert claim.receipt_number in text
        assert claim.notice_start.strftime("%d/%m/%Y") in text

    def test_the_claim_page_names_and_links_the_certificate_issued_from_it(self):
        # Before: the claim stayed « prête pour le certificat » once certified and its page named no
        # certificate: the land office could not tell it had been issued, nor open it from there.
        claim = self.walk_to(self.draft(), ClaimState.READY_FOR_CERTIFICATE)
        registrar = make_user("guichet_a", Role.REGISTRAR, self.commune)
        browser = Client()
        browser.force_login(registrar)
        before = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        queue_link = f"/certificates/?parcel={claim.parcel.number}"  # the print queue, filtered to the parcel
        assert [href for href in links(before) if href.startswith("/certificates/")] == [
            "/certificates/",
            queue_link,
        ]
        certificate, _created = certificate_issue(right=claim.right, actor=registrar)
        page = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        assert f"/certificates/{certificate.pk}/" in links(page)
        assert f"{certificate.number}</a> (émis)" in page
        assert queue_link not in links(page)  # nothing of the claim waits in the queue now
        assert browser.get(f"/certificates/{certificate.pk}/").status_code == 200

    def test_the_claim_ready_for_its_certificate_leads_the_registrar_to_its_row_of_the_print_queue(self):
        # Before: no link; the registrar paged through the whole queue to find the claim's parcel.
        claim = self.walk_to(self.draft(), ClaimState.READY_FOR_CERTIFICATE)
        self.parcel_held(3000)  # another right waiting for its certificate in the same village
        registrar = make_user("guichet_a", Role.REGISTRAR, self.commune)
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(registrar)
        claim_page = f"/adjudication/claims/{claim.pk}/"
        page = browser.get(claim_page).content.decode()
        assert f"Émettre le certificat de la parcelle {claim.parcel.number}" in page
        [link] = [href for href in links(page) if href.startswith("/certificates/?")]
        queue = browser.get(link).content.decode()
        [form] = [f for f in forms(queue) if "/certificates/issue/" in f.action]  # its row only
        assert urlsplit(form.action).path == f"/certificates/issue/{claim.right.pk}/"
        response = browser.post(form.action, flat(form.data(form.buttons[0])), follow=True)
        assert response.status_code == 200
        certificate = Certificate.objects.get(right=claim.right)
        page = browser.get(claim_page).content.decode()
        assert f"{certificate.number}</a> (émis)" in page and link not in links(page)

    def test_the_claim_page_offers_no_queue_to_whoever_does_not_issue_certificates(self):
        claim = self.walk_to(self.draft(), ClaimState.READY_FOR_CERTIFICATE)
        browser = Client()
        browser.force_login(self.agent_a)
        page = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        assert claim.receipt_number in page
        assert not [href for href in links(page) if href.startswith("/certificates/?")]
        assert "Émettre le certificat" not in page

    def test_the_certificate_prints_the_limits_the_agent_wrote_on_the_claim(self):
        # Before: « Limites et voisins » printed « Nord : — … Ouest : — » for a parcel with no registered
        # neighbour, although the claim said « piste de Kɔmbissiri », « marigot »…: only detected parcels
        # reached the certificate.
        claim = claim_draft(
            actor=self.agent_a,
            village=self.village_a,
            geometry=square(400, 0),
            right_type="customaryType",
            claimants=[applicant(last_name="ŊƆN", first_names="Ɓukari")],
            limits={
                "north": "piste de Kɔmbissiri",
                "south": "marigot de Ŋaaba",
                "west": "champ de KABORÉ Ɛrnɛst",
            },
        )
        claim = self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        registrar = make_user("guichet_a", Role.REGISTRAR, self.commune)
        certificate, _created = certificate_issue(right=claim.right, actor=registrar)
        neighbours = certificate.content["neighbours"]
        assert neighbours["N"] == ["piste de Kɔmbissiri"]
        assert neighbours["S"] == ["marigot de Ŋaaba"]
        assert neighbours["W"][-1] == "champ de KABORÉ Ɛrnɛst"
        assert neighbours["E"] == []
        text = pdf_text(certificate_pdf(certificate))
        assert "Nord : piste de Kɔmbissiri" in text, text
        assert "Sud : marigot de Ŋaaba" in text, text

    def test_a_right_recorded_without_a_claim_keeps_empty_references(self):
        registrar = make_user("guichet_a", Role.REGISTRAR, self.commune)
        certificate, _created = certificate_issue(right=self.right_a, actor=registrar)
        assert certificate.application_reference == "" and certificate.notice_start is None


class DemoApprovedClaimTests(TestCase):
    def test_make_demo_prints_the_certificate_of_the_approved_demo_claim(self):
        call_command("load_demo", quiet=True, stdout=io.StringIO())
        call_command("load_adjudication_demo", stdout=io.StringIO())
        with tempfile.TemporaryDirectory() as directory, override_settings(VAR_DIR=Path(directory)):
            out = io.StringIO()
            with translation.override("fr"):  # the registry's language, as the office reads it
                call_command("issue_certificate", "--approved-claims", "--signer", "maire", stdout=out)
            again = io.StringIO()
            call_command("issue_certificate", "--approved-claims", "--signer", "maire", stdout=again)
            printed = sorted(Path(directory, "certificates").glob("*.pdf"))
        claim = Claim.objects.get(state=ClaimState.READY_FOR_CERTIFICATE)
        certificate = Certificate.objects.get(right=claim.right)
        # It printed « 1 approved claim(s) printed. », in English only.
        said = out.getvalue()
        assert f"Certificat {certificate.number} émis\u202f; PDF écrit dans " in said, said
        assert "Adresse de vérification\u202f: http" in said, said
        assert said.endswith("1 certificat des demandes approuvées imprimé.\n"), said
        assert f"Certificate {certificate.number} already issued; PDF written to " in again.getvalue()
        assert again.getvalue().endswith("1 certificate of the approved claims printed.\n")
        assert [p.name for p in printed] == [f"{certificate.number}.pdf"]
        assert certificate.number == "APFR-SAB-C-00001"  # village SAB-C of commune SAB: SAB said once
        assert certificate.application_reference == claim.receipt_number
        assert certificate.number.startswith("APFR-")  # the demo commune follows the Burkina Faso profile


class ChangeCertificateTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def test_the_heirs_certificate_refers_to_the_inheritance_application_and_the_old_one_is_superseded(self):
        from landreg.adjudication.changes.applications import change_draft
        from landreg.adjudication.claims.services import ClaimantInput
        from landreg.certificates.verification.verdicts import NOT_IN_FORCE, SUPERSEDED, verify_token
        from tests.base import make_person

        registrar = make_user("guichet_a", Role.REGISTRAR, self.commune)
        old, _created = certificate_issue(right=self.right_a, actor=registrar)
        heir = make_person(self.village_a, "Ouédraogo", "Issa", "M")
        application = change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=self.right_a,
            new_holders=[ClaimantInput(party=heir)],
            data={"reason": "Décès"},
        )
        application = self.walk_to(application, ClaimState.READY_FOR_CERTIFICATE)
        out = io.StringIO()
        with tempfile.TemporaryDirectory() as directory, override_settings(VAR_DIR=Path(directory)):
            call_command("issue_certificate", "--approved-claims", "--registrar", "guichet_a", stdout=out)
        new = Certificate.objects.get(right=application.right)
        assert new.application_reference == application.receipt_number
        assert (new.notice_start, new.notice_end) == (application.notice_start, application.notice_end)
        assert verify_token(old.token).status == SUPERSEDED
        assert verify_token(new.token).status == NOT_IN_FORCE  # printed, the mayor has not signed yet
