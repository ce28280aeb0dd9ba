"""The agreement's form asked « Famille Ŋaba de Kɔnkɔ : année de naissance » of a family that claims
on the case's claim, known to the case by its name only (a walk of the demo, in conciliation): a family or
lineage has no year of birth and no ID document. It is now asked its domicile only; a natural person known by
name only is still asked all three. Posts are what the page renders."""

import datetime as dt
from html import unescape

from landreg.disputes.cases.services import PartyInput
from landreg.parties.models import Party
from tests.adjudication.test_group_site_visit import FAMILY, family_claimants
from tests.browser_forms import form_posting_to
from tests.disputes.test_pages import PageTestCase


class GroupNewcomerDetailsTests(PageTestCase):
    def setUp(self):
        super().setUp()
        claim = self.draft(claimants=family_claimants(), right_type="commonOwnership")
        self.case = self.file_case(
            subject=f"Part coutumière de la {FAMILY} sur le champ de OUÉDRAOGO Aminata",
            rights=[self.right_a],
            claims=[claim],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("claimant", FAMILY),
                PartyInput("other", "ŊABA Ɓintu Fatɛ", "F"),
            ],
        )
        self.held_session(self.case)
        self.family = f"person_{self.case.parties.get(name=FAMILY).pk}"
        self.person = f"person_{self.case.parties.get(name='ŊABA Ɓintu Fatɛ').pk}"

    def test_the_family_is_asked_its_domicile_only_and_the_person_her_year_of_birth_too(self):
        client = self.client_for(self.disputes)  # who may see personal data: the ID document is offered
        page = unescape(client.get(f"/disputes/{self.case.pk}/").content.decode())
        form = form_posting_to(page, f"/disputes/{self.case.pk}/moves/agree/")
        assert f"{FAMILY}\u202f: domicile" in page
        assert f"{FAMILY}\u202f: année de naissance" not in page
        assert f"{FAMILY}\u202f: pièce d’identité" not in page
        assert f"{self.family}_birth_year" not in form.controls
        assert f"{self.family}_id_document_number" not in form.controls
        assert "ŊABA Ɓintu Fatɛ\u202f: année de naissance" in page
        assert {f"{self.person}_birth_year", f"{self.person}_id_document_number"} <= form.controls
        response = self.post_move(
            client,
            self.case,
            "agree",
            summary="La part coutumière de Ɓintu Fatɛ est reconnue",
            signatures="OUÉDRAOGO Aminata (empreinte), ŊABA Ɓintu Fatɛ (croix)",
            change="shares",
            holders="OUÉDRAOGO Aminata = 1/2\nŊABA Ɓintu Fatɛ = 1/2",
            **{self.person: "new", f"{self.person}_birth_year": "1984"},
        )
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        person = Party.objects.get(last_name="ŊABA")
        assert (person.birth_date, person.birth_date_is_approximate) == (dt.date(1984, 1, 1), True)

    def test_the_family_registered_by_the_agreement_is_the_family_not_a_person_bearing_its_name(self):
        client = self.client_for(self.disputes)
        response = self.post_move(
            client,
            self.case,
            "agree",
            summary="La famille Ŋaba garde la moitié du champ",
            signatures="OUÉDRAOGO Aminata (empreinte), Ɓintu Fatɛ pour la famille (croix)",
            change="shares",
            holders=f"OUÉDRAOGO Aminata = 1/2\n{FAMILY} = 1/2",
            **{self.family: "new", f"{self.family}_domicile": "Kɔnkɔ"},
        )
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        family = Party.objects.get(name=FAMILY)
        assert (family.kind, family.group_type, family.domicile) == ("group", "family", "Kɔnkɔ")
        assert not Party.objects.filter(last_name__icontains="Famille").exists()
        assert self.case.parties.get(name=FAMILY).party == family
