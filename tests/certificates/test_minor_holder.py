"""A holder who is a minor on the day of issue is printed « Mineure, représentée par … (mère) » on the
certificate, and said so on the certificate's page; the public verification page shows neither the child's
birth date nor who represents her."""

import datetime as dt
from html import unescape

from landreg.certificates.issuing.services import certificate_pdf
from landreg.parcels.services import parcel_record
from landreg.parties.services import representation_record
from landreg.rights.services import HolderShare, right_register
from tests.base import make_person
from tests.certificates.base import CertificateTestCase, pdf_text
from tests.geometries import square


class MinorHolderCertificateTests(CertificateTestCase):
    """Issued on 14 March 2026 (tests.certificates.base.ISSUE_DATE): Ɓintu is ten, Ɛdouard turned eighteen
    in January, Ŋima is seven and no one has been recorded as his representative."""

    def setUp(self):
        super().setUp()
        self.mother = make_person(
            self.village_a, "Ŋaba", "Fatɛ Awa", "F", birth_date=dt.date(1986, 2, 11), birth_place="Réo"
        )
        self.daughter = make_person(
            self.village_a, "Ŋaba", "Ɓintu", "F", birth_date=dt.date(2015, 6, 2), birth_place="Réo"
        )
        self.son = make_person(self.village_a, "Ŋaba", "Ɛdouard", "M", birth_date=dt.date(2008, 1, 20))
        self.parcel = parcel_record(village=self.village_a, geometry=square(300, 100), survey_method="gps")
        self.right = right_register(
            parcel=self.parcel,
            right_type="customaryType",
            holders=[
                HolderShare(self.mother, "1/2"),
                HolderShare(self.daughter, "1/4"),
                HolderShare(self.son, "1/4"),
            ],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )
        representation_record(
            person=self.daughter,
            representative_name="ŊABA Fatɛ Awa",
            basis="mother",
            actor=self.registrar,
        )

    def test_the_certificate_prints_the_minor_and_her_legal_representative(self):
        text = pdf_text(certificate_pdf(self.issue(right=self.right)))
        assert "ŊABA Ɓintu" in text
        assert "Mineure, représentée par : ŊABA Fatɛ Awa (mère)" in text
        # Ɛdouard came of age before the day of issue: no mention for him.
        assert text.count("Mineur") == 1

    def test_a_minor_without_a_representative_recorded_is_printed_as_such(self):
        boy = make_person(self.village_a, "Ŋaba", "Ŋima", "M", birth_date=dt.date(2018, 11, 5))
        parcel = parcel_record(village=self.village_a, geometry=square(400, 100), survey_method="gps")
        right = right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(boy)],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )
        text = pdf_text(certificate_pdf(self.issue(right=right)))
        assert "Mineur, représenté par : aucun représentant légal enregistré" in text

    def test_the_certificate_page_says_who_represents_the_minor(self):
        certificate = self.issue(right=self.right)
        self.client.force_login(self.registrar)
        page = unescape(self.client.get(f"/certificates/{certificate.pk}/").content.decode())
        assert "ŊABA Ɓintu</a> (mineure, représentée par ŊABA Fatɛ Awa (mère)) — 1/4" in page

    def test_the_public_verification_page_shows_no_birth_date_and_no_representative(self):
        certificate = self.issue(right=self.right)
        response = self.client.get(f"/verify/{certificate.token}", HTTP_HOST="127.0.0.1")
        page = unescape(response.content.decode())
        assert 'data-status="' in page and "ŊABA Ɓintu" in page
        for personal in ["2015-06-02", "02/06/2015", "Fatɛ Awa (mère)", "ineure", "représenté"]:
            assert personal not in page, personal
