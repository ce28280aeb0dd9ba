"""The parcel page names a holder who is a minor today with the legal representative the register records
(« mineure, représentée par ŊABA Fatɛ Awa (mère) »), or says none is recorded, to the staff who see the
village's personal data only: a committee member reads the name and share alone."""

import re
from html import unescape

from django.test import Client

from landreg.parcels.services import parcel_record
from landreg.parties.services import representation_record
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import square


class MinorHolderOnTheParcelPageTests(AdjudicationTestCase):
    """The clock stands at 7 January 2030: Ɓintu, born in 2019, is ten; Ŋaba, her brother, born in 2012, is
    seventeen; their mother Fatɛ Awa holds the other half of the family field since their father's death."""

    def setUp(self):
        super().setUp()
        self.mother = make_person(self.village_a, "Ŋaba", "Fatɛ Awa", "F", birth_date="1988-05-02")
        self.daughter = make_person(self.village_a, "Ŋaba", "Ɓintu", "F", birth_date="2019-03-04")
        self.son = make_person(self.village_a, "Ŋaba", "Ɛdouard", "M", birth_date="2012-06-30")
        representation_record(person=self.daughter, representative_name="ŊABA Fatɛ Awa", basis="mother")
        self.parcel = parcel_record(village=self.village_a, geometry=square(300, 0), survey_method="gps")
        right_register(
            parcel=self.parcel,
            right_type="customaryType",
            holders=[
                HolderShare(self.mother, "1/2"),
                HolderShare(self.daughter, "1/4"),
                HolderShare(self.son, "1/4"),
            ],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN",
        )

    def page(self, user) -> str:
        browser = Client()
        browser.force_login(user)
        response = browser.get(f"/parcels/{self.parcel.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        # The words as read: the names are links to the people's pages.
        return " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())

    def test_the_registrar_reads_who_represents_each_minor_holder(self):
        page = self.page(self.registrar)
        assert "ŊABA Ɓintu (mineure, représentée par ŊABA Fatɛ Awa (mère)) — 1/4" in page
        assert "ŊABA Ɛdouard (mineur, sans représentant légal enregistré) — 1/4" in page
        assert "ŊABA Fatɛ Awa — 1/2" in page  # of age: nothing said

    def test_a_committee_member_who_sees_no_personal_data_reads_no_minority(self):
        page = self.page(self.member_a)
        assert "ŊABA Ɓintu — 1/4" in page and "ŊABA Ɛdouard — 1/4" in page
        assert "mineur" not in page
