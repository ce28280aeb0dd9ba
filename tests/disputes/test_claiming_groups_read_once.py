"""The agreement naming two parties of the case known by name only, a family that claims on the case's claim
and a woman, as holders: its post reads the groups claiming on the case's claims
(selectors.groups_claiming_by_name) once, as the page asking who each party is read them, not again in the
service for each party it registers (three reads for two parties)."""

from html import unescape
from unittest import mock

from landreg.disputes import selectors
from landreg.disputes.cases import services
from landreg.disputes.cases.services import PartyInput
from landreg.parties.models import Party
from tests.adjudication.test_group_site_visit import FAMILY, family_claimants
from tests.browser_forms import form_posting_to
from tests.disputes.test_pages import PageTestCase, posted


class ClaimingGroupsReadOnceTests(PageTestCase):
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

    def test_the_agreement_reads_the_claiming_groups_once_for_both_parties_it_registers(self):
        client = self.client_for(self.disputes)
        action = f"/disputes/{self.case.pk}/moves/agree/"
        form = form_posting_to(client.get(f"/disputes/{self.case.pk}/").content.decode(), action)
        data = posted(
            form,
            summary="La famille Ŋaba et Ɓintu Fatɛ gardent chacune un tiers",
            signatures="OUÉDRAOGO Aminata (empreinte), ŊABA Ɓintu Fatɛ (croix)",
            change="shares",
            holders=f"OUÉDRAOGO Aminata = 1/3\n{FAMILY} = 1/3\nŊABA Ɓintu Fatɛ = 1/3",
            **{
                self.family: "new",
                f"{self.family}_domicile": "Kɔnkɔ",
                self.person: "new",
                f"{self.person}_birth_year": "1984",
            },
        )
        read = selectors.groups_claiming_by_name
        with (
            mock.patch.object(selectors, "groups_claiming_by_name", wraps=read) as by_page,
            mock.patch.object(services, "groups_claiming_by_name", wraps=read) as by_service,
        ):
            response = client.post(action, data)
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        assert by_page.call_count + by_service.call_count == 1, (by_page.call_count, by_service.call_count)
        family, person = Party.objects.get(name=FAMILY), Party.objects.get(last_name="ŊABA")
        assert (family.kind, family.group_type, person.kind) == ("group", "family", "natural")
