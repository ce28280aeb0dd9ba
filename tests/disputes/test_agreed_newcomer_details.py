"""A party of the case known only by name, registered as a new person by an agreement (« Qui est … ? »), was
registered with a name and a sex only: the office then had to find the person again to complete them. The
same form now offers what the office would complete, all optional: the year of birth (kept as an approximate
date of birth), the domicile and, for a user who may see the personal data of the case's village, the ID
document; checked as a claim's new person's are, and refused beside the field with nothing recorded. Posts
are what the page renders."""

import datetime as dt
from html import unescape

from landreg.core import clock
from landreg.disputes.cases.services import PartyInput
from landreg.parties.models import Party
from tests.base import make_person
from tests.browser_forms import form_posting_to
from tests.disputes.test_agreed_newcomer import HOLDERS
from tests.disputes.test_pages import PageTestCase


class NewcomerDetailsTests(PageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.file_case(
            subject="Part coutumière de Ŋaba Ɓintu Fatɛ",
            rights=[self.right_a],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("other", "ŊABA Ɓintu Fatɛ", "F"),
            ],
        )
        self.held_session(self.case)
        self.newcomer = self.case.parties.get(party__isnull=True)
        self.field = f"person_{self.newcomer.pk}"

    def form(self, user):
        page = unescape(self.client_for(user).get(f"/disputes/{self.case.pk}/").content.decode())
        return page, form_posting_to(page, f"/disputes/{self.case.pk}/moves/agree/")

    def agree(self, user, **values):
        return self.post_move(
            self.client_for(user),
            self.case,
            "agree",
            summary="La part coutumière de Ɓintu Fatɛ est reconnue",
            signatures="OUÉDRAOGO Aminata (empreinte), ŊABA Ɓintu Fatɛ (croix)",
            change="shares",
            holders=HOLDERS,
            **values,
        )

    def refused(self, response, message):
        page = unescape(response.content.decode())
        assert response.status_code == 400, page[:2000]
        assert message in page
        assert not Party.objects.filter(last_name="ŊABA").exists()
        assert self.parcel_a.rights.current().get() == self.right_a

    def test_the_conciliator_completes_the_year_of_birth_and_the_domicile_not_the_id_document(self):
        page, form = self.form(self.conciliator)
        assert "ŊABA Ɓintu Fatɛ\u202f: année de naissance" in page
        assert "ŊABA Ɓintu Fatɛ\u202f: domicile" in page
        assert f"{self.field}_birth_year" in form.controls and f"{self.field}_domicile" in form.controls
        assert f"{self.field}_id_document_number" not in form.controls  # no personal data for him
        response = self.agree(
            self.conciliator,
            **{
                self.field: "new",
                f"{self.field}_birth_year": "1984",
                f"{self.field}_domicile": "Secteur Ɓɔɔ",
            },
        )
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        person = Party.objects.get(last_name="ŊABA")
        assert (person.birth_date, person.birth_date_is_approximate, person.domicile, person.sex) == (
            dt.date(1984, 1, 1),
            True,
            "Secteur Ɓɔɔ",
            "F",
        )
        assert person.id_document_number == ""

    def test_the_dispute_administrator_gives_the_id_document_too(self):
        _page, form = self.form(self.disputes)
        assert f"{self.field}_id_document_type" in form.controls
        response = self.agree(
            self.disputes,
            **{
                self.field: "new",
                f"{self.field}_id_document_type": "national_id",
                f"{self.field}_id_document_number": "B4410277",
            },
        )
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        person = Party.objects.get(last_name="ŊABA")
        assert (person.id_document_type, person.id_document_number, person.birth_date) == (
            "national_id",
            "B4410277",
            None,
        )

    def test_a_number_without_its_document_is_refused_and_nothing_recorded(self):
        response = self.agree(self.disputes, **{self.field: "new", f"{self.field}_id_document_number": "B44"})
        self.refused(response, "Précisez de quelle pièce provient le numéro.")

    def test_an_id_document_of_a_registered_person_of_the_village_is_refused(self):
        make_person(
            self.village_a,
            "Kaboré",
            "Salif",
            sex="M",
            id_document_type="national_id",
            id_document_number="B9",
        )
        response = self.agree(
            self.disputes,
            **{
                self.field: "new",
                f"{self.field}_id_document_type": "national_id",
                f"{self.field}_id_document_number": "B9",
            },
        )
        self.refused(
            response,
            "Une personne du village est inscrite avec cette pièce d’identité\u202f: si c’est elle, "
            "choisissez-la.",
        )

    def test_a_year_of_birth_to_come_is_refused(self):
        year = str(clock.today().year + 1)  # the clock of the test case
        response = self.agree(self.conciliator, **{self.field: "new", f"{self.field}_birth_year": year})
        self.refused(response, "L’année de naissance est dans le futur.")

    def test_details_typed_for_a_namesake_chosen_are_refused_not_dropped(self):
        namesake = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ")
        response = self.agree(
            self.conciliator, **{self.field: str(namesake.pk), f"{self.field}_domicile": "Secteur Ɓɔɔ"}
        )
        page = unescape(response.content.decode())
        assert response.status_code == 400
        assert "Seulement pour une partie inscrite comme nouvelle personne par cet accord" in page
        self.newcomer.refresh_from_db()
        assert self.newcomer.party is None
