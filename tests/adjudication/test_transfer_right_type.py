"""A transferred right's type follows who takes it (rights.holding): a family's « Propriété collective »
sold to one farmer is his own customary possession, not « collective »; bought by a family, ownership is
collective.
"""

from landreg.adjudication.changes.consents import consent_record, consents_needed
from landreg.adjudication.models import Claim, SignatureMark
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.documents.services import source_attach
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.holding import right_type_taken
from landreg.rights.models import Right
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import flat, form_with_field
from tests.geometries import square


def _family(village, name="Famille Kɔnɛ"):
    family = party_create(kind=PartyKind.GROUP, village=village, name=name, group_type=GroupType.FAMILY)
    group_set_members(
        group=family,
        members=[
            MemberShare(make_person(village, "Kɔnɛ", "Ŋaba", "M"), "1/2", is_mandatary=True),
            MemberShare(make_person(village, "Kɔnɛ", "Ɓintou", "F"), "1/2"),
        ],
    )
    return family


class RuleTests(AdjudicationTestCase):
    def test_the_type_follows_the_takers_and_keeps_its_nature(self):
        cases = [
            # (type sold, tenure, takers) → type taken
            ("commonOwnership", "customary", ["natural"], "customaryType"),
            ("commonOwnership", "formal", ["natural"], "ownership"),
            ("commonOwnership", "formal", ["natural", "natural"], "ownership"),  # co-ownership in shares
            ("commonOwnership", "customary", ["non_natural"], "customaryType"),  # a registered association
            ("commonOwnership", "customary", ["group"], "commonOwnership"),
            ("ownership", "formal", ["group"], "commonOwnership"),
            ("ownership", "formal", ["group", "natural"], "ownership"),
            ("customaryType", "customary", ["group"], "customaryType"),  # possession stays possession
            ("usufruct", "customary", ["natural"], "usufruct"),
            ("lease", "formal", ["group"], "lease"),
        ]
        for sold, tenure, kinds, taken in cases:
            with self.subTest(sold=sold, kinds=kinds):
                assert right_type_taken(right_type=sold, tenure_system=tenure, holder_kinds=kinds) == taken


class CollectiveRightSoldTests(AdjudicationTestCase):
    profile_code = "bf-apfr"  # a sale: public notice, then the mayor

    def setUp(self):
        super().setUp()
        self.family = _family(self.village_a)
        self.parcel = parcel_record(village=self.village_a, geometry=square(300, 0), survey_method="gps")
        self.collective = right_register(
            parcel=self.parcel,
            right_type="commonOwnership",
            holders=[HolderShare(self.family)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        self.buyer = make_person(self.village_a, "Sawadogo", "Ɛric", "M")

    def url(self):
        return f"/adjudication/parcels/{self.parcel.pk}/change/"

    def family_consents(self, application):
        """Each co-holder of the land sold (each member of the family) consents with a cross."""
        for needed in consents_needed(application):
            consent_record(
                claim=application,
                actor=self.registrar,
                role=needed.role,
                party=needed.party,
                agrees=True,
                mark=SignatureMark.CROSS,
            )

    def test_a_family_s_collective_land_sold_to_one_farmer_becomes_his_customary_possession(self):
        self.client.force_login(self.registrar)
        html = self.client.get(self.url()).content.decode()
        form = form_with_field(html, "kind")
        body = flat(
            form.data(
                None,
                kind="sale",
                reason="Vente par la famille Kɔnɛ, acte n°31",
                right=str(self.collective.pk),
                **{"holders-0-party": str(self.buyer.pk), "holders-0-share": "1"},
                source_type="deed",
                document_date="2030-01-07",
                reference="Acte de vente n°31",
            )
        )
        response = self.client.post(self.url(), body)
        assert response.status_code == 302, response.content.decode()[:2000]
        application = Claim.objects.get(purpose="sale")
        page = self.client.get(f"/adjudication/claims/{application.pk}/").content.decode()
        # What the buyer will hold, beside the right the family sells.
        assert "<dt>Droit demandé</dt><dd>Possession coutumière</dd>" in page
        assert "Propriété collective — Famille Kɔnɛ, vendeur (1)" in page  # the family sells (02efe05)
        self.family_consents(application)
        application = self.walk_to(application, ClaimState.READY_FOR_CERTIFICATE)
        new = Right.objects.get(pk=application.right_id)
        assert new.right_type_id == "customaryType" and new.tenure_system == "customary"
        assert [h.party_id for h in new.holders.all()] == [self.buyer.pk]
        parcel_page = self.client.get(f"/parcels/{self.parcel.pk}/").content.decode()
        in_force = parcel_page.split("Droits, restrictions et responsabilités")[1].split("<h2")[0]
        assert "<td>Possession coutumière</td>" in in_force and "SAWADOGO Ɛric" in in_force
        assert "collective" not in in_force

    def test_the_api_gives_two_buyers_of_a_family_s_land_their_customary_possession_in_shares(self):
        deed = source_attach(source_type="deed", document_date=clock.today(), village=self.village_a)
        other = make_person(self.village_a, "Sawadogo", "Rasmata", "F")
        body = {
            "kind": "sale",
            "right": str(self.collective.pk),
            "reason": "Vente, acte n°40",
            "holders": [
                {"party": str(self.buyer.pk), "share": "1/2"},
                {"party": str(other.pk), "share": "1/2"},
            ],
            "documents": [str(deed.pk)],
            "submit": False,  # the family's members consent first
        }
        self.client.force_login(self.registrar)
        response = self.client.post("/api/v1/changes/", body, content_type="application/json")
        assert response.status_code == 201, response.content
        application = Claim.objects.get(pk=response.json()["id"])
        assert application.right_type_id == "customaryType"
        self.family_consents(application)
        application = self.walk_to(application, ClaimState.READY_FOR_CERTIFICATE)
        assert application.right.right_type_id == "customaryType"
        assert sorted(str(h.share) for h in application.right.holders.all()) == ["1/2", "1/2"]


class DirectTransferApiTests(AdjudicationTestCase):
    direct_changes = True

    def test_a_transfer_recorded_directly_follows_the_takers_too(self):
        family = _family(self.village_a)
        parcel = parcel_record(village=self.village_a, geometry=square(300, 0), survey_method="gps")
        collective = right_register(
            parcel=parcel,
            right_type="commonOwnership",
            holders=[HolderShare(family)],
            tenure_system="formal",
            legal_basis="Titre foncier n°12",
        )
        heir = make_person(self.village_a, "Kɔnɛ", "Awa", "F")
        attestation = source_attach(
            source_type="customary_attestation", document_date=clock.today(), village=self.village_a
        )
        self.client.force_login(self.registrar)
        response = self.client.post(
            f"/api/v1/rights/{collective.pk}/transfers/",
            {
                "kind": "inheritance",
                "reason": "Partage de la famille Kɔnɛ",
                "holders": [{"party": str(heir.pk), "share": "1"}],
                "documents": [str(attestation.pk)],
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        assert Right.objects.get(pk=response.json()["new_right"]).right_type_id == "ownership"

    def test_a_family_that_buys_statutory_land_holds_it_in_collective_ownership(self):
        seller = make_person(self.village_a, "Sawadogo", "Ɛric", "M")
        statutory = right_register(
            parcel=parcel_record(village=self.village_a, geometry=square(500, 0), survey_method="gps"),
            right_type="ownership",
            holders=[HolderShare(seller)],
            tenure_system="formal",
            legal_basis="Titre foncier n°77",
        )
        deed = source_attach(source_type="deed", document_date=clock.today(), village=self.village_a)
        self.client.force_login(self.registrar)
        response = self.client.post(
            f"/api/v1/rights/{statutory.pk}/transfers/",
            {
                "kind": "sale",
                "reason": "Vente à la famille Ɓaa, acte n°41",
                "holders": [{"party": str(_family(self.village_a, "Famille Ɓaa").pk), "share": "1"}],
                "documents": [str(deed.pk)],
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        new = Right.objects.get(pk=response.json()["new_right"])
        assert new.right_type_id == "commonOwnership" and new.tenure_system == "formal"
