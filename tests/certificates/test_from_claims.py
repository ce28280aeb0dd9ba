"""A certificate for an approved claim: numbered by the profile's scheme, with the claim's references."""

from landreg.accounts.roles import Role
from landreg.adjudication.states import ClaimState
from landreg.certificates.services import certificate_issue
from tests.adjudication.helpers import AdjudicationTestCase, make_user
from tests.certificates.base import pdf_text


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
        from landreg.certificates.services import certificate_pdf

        text = pdf_text(certificate_pdf(certificate))
        assert claim.receipt_number in text
        assert claim.notice_start.strftime("%d/%m/%Y") in text

    def test_a_right_recorded_without_a_claim_keeps_empty_references(self):
        registrar = make_user("guichet_a", Role.REGISTRAR, self.commune)
        certificate, _created = certificate_issue(right=self.right_a, actor=registrar)
        assert certificate.application_reference == "" and certificate.notice_start is None
