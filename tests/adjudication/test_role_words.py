"""The claim and change pages name each person by the part they play as the application stands, in the
feminine for a woman: a sale lodged at the desk read « demandeur (futur titulaire) » for the buyer, a woman
too, and still after the mayor's approval had made her the holder."""

import re
from html import unescape

from django.test import Client

from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import party_create
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person
from tests.browser_forms import form_posting_to, form_with_field


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def claimants_of(html: str) -> str:
    return text_of(html.split("<h2>Demandeurs</h2>")[1].split("</ul>")[0])


class RoleWordsOnTheChangePageTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)

    def lodge_sale(self, **buyer) -> Claim:
        """The sale of OUÉDRAOGO Aminata's right lodged from the change page, as the registrar types it."""
        url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"
        form = form_with_field(self.browser.get(url).content.decode(), "kind")
        assert "csrfmiddlewaretoken" in dict(form.fields)
        typed = {
            "kind": "sale",
            "reason": "Vente du champ de Tanghin, acte n° 2030-017",
            "right": str(self.right_a.pk),
            "holders-0-share": "1",
            "source_type": "deed",
            "document_date": "2030-01-05",
            "reference": "Acte de vente n° 2030-017",
            **buyer,
        }
        response = self.browser.post(url, form.data(**typed))
        assert response.status_code == 302, text_of(response.content.decode())[:2000]
        return Claim.objects.get(purpose="sale")

    def page(self, claim, user=None) -> str:
        self.browser.force_login(user or self.registrar)
        return self.browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()

    def test_a_woman_buying_reads_acheteuse_then_titulaire_once_the_mayor_approved(self):
        sale = self.lodge_sale(
            **{"holders-0-last_name": "Sɔmda", "holders-0-first_names": "Ɛlise", "holders-0-sex": "F"}
        )
        page = self.page(sale)
        assert "SƆMDA Ɛlise — acheteuse (future titulaire) (1)" in claimants_of(page)
        # the seller, a woman too, named by her part in the right transferred
        assert "OUÉDRAOGO Aminata, vendeuse (1)" in text_of(page)
        self.walk_to(sale, ClaimState.AUTHORITY_APPROVAL)
        self.browser.force_login(self.mayor)
        html = self.browser.get(f"/adjudication/claims/{sale.pk}/").content.decode()
        button = form_posting_to(html, "/moves/authority_approve/")
        done = self.browser.post(button.action, button.data(button.button("authority_approve")), follow=True)
        assert done.status_code == 200
        sale.refresh_from_db()
        assert sale.state == ClaimState.READY_FOR_CERTIFICATE
        approved = claimants_of(done.content.decode())
        assert "SƆMDA Ɛlise — titulaire (1)" in approved and "futur" not in approved

    def test_a_man_buying_reads_acheteur_futur_titulaire(self):
        buyer = make_person(self.village_a, "Zongo", "Ŋaaba Issa", "M")
        sale = self.lodge_sale(**{"holders-0-party": str(buyer.pk)})
        assert "ZONGO Ŋaaba Issa — acheteur (futur titulaire) (1)" in claimants_of(self.page(sale))

    def test_an_heiress_reads_heritiere_while_the_application_runs(self):
        url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"
        form = form_with_field(self.browser.get(url).content.decode(), "kind")
        heiress = make_person(self.village_a, "Ouédraogo", "Ɓintu", "F")
        response = self.browser.post(
            url,
            form.data(
                kind="inheritance",
                reason="Décès de OUÉDRAOGO Aminata le 2 décembre 2029",
                right=str(self.right_a.pk),
                **{"holders-0-party": str(heiress.pk), "holders-0-share": "1"},
                source_type="customary_attestation",
                document_date="2030-01-04",
                reference="Attestation d’hérédité n° 7",
            ),
        )
        assert response.status_code == 302
        page = self.page(Claim.objects.get(purpose="inheritance"))
        assert "OUÉDRAOGO Ɓintu — héritière (future titulaire) (1)" in claimants_of(page)


class RoleWordsOnTheClaimPageTests(AdjudicationTestCase):
    def page(self, claim) -> str:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.agent_a)
        return browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()

    def test_a_woman_claiming_reads_demandeuse_and_a_family_keeps_the_neutral_word(self):
        family = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Famille Ŋaaré", group_type=GroupType.FAMILY
        )
        # A group claims alone (aa84d2b): the woman and the family each claim their own parcel.
        hers = self.draft(claimants=[applicant("Kɔnɛ", "Ŋaba Aminata", "F")])
        theirs = self.draft(
            east=300, claimants=[ClaimantInput(party=family, kind=PartyKind.GROUP, share="1")]
        )
        assert "KƆNƐ Ŋaba Aminata — demandeuse (future titulaire) (1)" in claimants_of(self.page(hers))
        assert "Famille Ŋaaré — demandeur (futur titulaire) (1)" in claimants_of(self.page(theirs))

    def test_a_withdrawn_claim_leaves_a_claimant_who_holds_nothing(self):
        from landreg.adjudication.claims import transitions as t

        claim = self.submitted(self.draft(claimants=[applicant("Sawadogo", "Ɛva", "F")]))
        t.claim_withdraw(claim=claim, actor=self.agent_a, reason="Désistement de la demandeuse")
        listed = claimants_of(self.page(claim))
        assert "SAWADOGO Ɛva — demandeuse (1)" in listed and "titulaire" not in listed
