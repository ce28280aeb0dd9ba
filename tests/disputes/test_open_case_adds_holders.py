"""A case opened on registered land has the land's current holders as parties from its opening: the case
concerns their land, and its sessions, agreement and joint withdrawal are theirs to attend and sign. Before,
only the parties typed on the form were, and a parcel held in thirds by two people and a lineage was disputed
without its holders. The lineage joins as the lineage (not its members), each person with the sex the
register records; a holder typed on the form (linked to them) or holding two of the parcels joins once. The
page is posted as it renders (CSRF, the one-use token, the button); the API opens the same way."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.disputes.models import DisputeCase
from landreg.parcels.services import parcel_record
from landreg.parties.models import Party, PartyKind
from landreg.parties.services import MemberShare, group_set_members
from landreg.rights.services import HolderShare, right_register
from tests.base import make_person, record_shared_holding
from tests.browser_forms import form_with_field
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import square


class OpenCaseAddsHoldersTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.fati = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", "F")
        self.issa = make_person(self.village_a, "Sawadogo", "Ɛli", "M")
        self.shared = record_shared_holding(self.village_a, square(3000, 0), [self.fati, self.issa])
        self.lineage = Party.objects.get(name="Lignage Ɓɔɔ")
        group_set_members(
            group=self.lineage,
            members=[MemberShare(make_person(self.village_a, "Ɓɔɔ", "Ŋaaba", "M"), "1", True)],
        )
        # Ɓintu Fatɛ holds the parcel beside it alone: she joins the case on both parcels once.
        self.beside = parcel_record(village=self.village_a, geometry=square(3200, 0), survey_method="gps")
        right_register(
            parcel=self.beside,
            right_type="customaryType",
            holders=[HolderShare(party=self.fati)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.disputes)

    def open_on_the_page(self) -> DisputeCase:
        page = self.browser.get("/disputes/new/").content.decode()
        form = form_with_field(page, "subject")
        typed = {
            "village": str(self.village_a.pk),
            "parcels": f"{self.shared.number}, {self.beside.number}",
            "kind": "boundary",
            "subject": "Limite entre le champ du lignage et celui de ZONGO Paul",
            "party0_role": "neighbour",
            "party0_name": "ZONGO Paul",
            "party0_sex": "M",
            "party1_role": "holder",
            "party1_name": "SAWADOGO Ɛli",
            "party1_sex": "M",
        }
        response = self.browser.post("/disputes/new/", form.data(form.button("1"), **typed))
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        return DisputeCase.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[1])

    def test_the_holders_of_the_parcels_are_parties_the_lineage_as_the_lineage_each_once(self):
        case = self.open_on_the_page()
        parties = [(p.role, p.name, p.sex, p.party_id) for p in case.parties.order_by("id")]
        assert parties == [
            ("neighbour", "ZONGO Paul", "M", None),
            ("holder", "SAWADOGO Ɛli", "M", self.issa.pk),  # typed and linked: not added again
            ("holder", "ŊABA Ɓintu Fatɛ", "F", self.fati.pk),
            ("holder", "Lignage Ɓɔɔ", "", self.lineage.pk),
        ], parties
        assert self.lineage.kind == PartyKind.GROUP
        assert not case.parties.filter(name__contains="Ŋaaba").exists()  # the lineage's member is not a party
        html = unescape(self.browser.get(f"/disputes/{case.pk}/").content.decode())
        listed = re.sub(
            r"<[^>]+>", "", re.search(r'<ul class="case-parties">(.*?)</ul>', html, re.S).group(1)
        )
        assert "ŊABA Ɓintu Fatɛ — titulaire (personne inscrite au registre)" in listed
        assert "Lignage Ɓɔɔ — titulaire (personne inscrite au registre)" in listed

    def test_the_api_opens_the_case_with_the_same_holders(self):
        self.client.force_login(self.disputes)
        response = self.client.post(
            "/api/v1/disputes/",
            {
                "village": self.village_a.code,
                "kind": "boundary",
                "subject": "Limite du champ du lignage",
                "parcels": [self.shared.number],
                "parties": [{"role": "neighbour", "name": "ZONGO Paul", "sex": "M"}],
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        case = DisputeCase.objects.get(pk=response.json()["id"])
        holders = sorted(case.parties.filter(role="holder").values_list("party", flat=True))
        assert holders == sorted([self.fati.pk, self.issa.pk, self.lineage.pk])
