"""A right taken by inheritance or given by a court's judgment rests on the succession or the judgment, and
the parcel page, the certificate and the extract say so. Both carried the basis of the right they replaced
(« Loi 034-2009/AN, art. 36 »): an heiress's certificate named no succession, a judgment's holders no
judgment."""

import datetime as dt
import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput, claim_attach_documents
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.certificates.issuing.services import certificate_issue_for_parcel
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.services import PartyInput
from landreg.documents.services import source_attach
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.pdf import pdf_text
from tests.adjudication.real_parcels import etalab_geometries
from tests.base import make_person
from tests.browser_forms import flat, form_posting_to, form_with_field
from tests.disputes.helpers import JUDGEMENT_PDF, DisputeTestCase

HEIRS_LAND = "91216000AC0257"
SUCCESSION = "Succession de OUÉDRAOGO Aminata, attestation coutumière n° AC-12 du 05/01/2030"


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def rights_table(html: str) -> str:
    return text_of(html.split("<h2>Droits, restrictions et responsabilités</h2>")[1].split("</table>")[0])


class LegalBasisTests(DisputeTestCase):
    profile_code = "bf-apfr"

    def browser(self, user, language="fr") -> Client:
        client = Client(enforce_csrf_checks=True)
        client.cookies["django_language"] = language
        client.force_login(user)
        return client

    def inherit_at_the_desk(self) -> Claim:
        """OUÉDRAOGO Aminata died; her daughter inherits: lodged from the change page, walked to approval."""
        desk = self.browser(self.registrar)
        url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"
        form = form_with_field(desk.get(url).content.decode(), "kind")
        daughter = make_person(self.village_a, "Ouédraogo", "Ɓintu")
        response = desk.post(
            url,
            form.data(
                kind="inheritance",
                reason="Décès de OUÉDRAOGO Aminata le 2 décembre 2029",
                right=str(self.right_a.pk),
                **{"holders-0-party": str(daughter.pk), "holders-0-share": "1"},
                source_type="customary_attestation",
                document_date="2030-01-05",
                reference="AC-12",
            ),
        )
        assert response.status_code == 302, text_of(response.content.decode())[:2000]
        return self.walk_to(Claim.objects.get(purpose="inheritance"), ClaimState.READY_FOR_CERTIFICATE)

    def test_an_inheritance_rests_on_the_succession_on_the_parcel_page_the_certificate_and_the_extract(self):
        self.inherit_at_the_desk()
        desk = self.browser(self.registrar)
        page = desk.get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        rights = rights_table(page)
        assert SUCCESSION in rights and "Loi 034-2009/AN" not in rights
        english = rights_table_en(self.browser(self.registrar, "en").get(f"/parcels/{self.parcel_a.pk}/"))
        assert "Inheritance from OUÉDRAOGO Aminata, customary attestation no. AC-12 of 05/01/2030" in english
        certificate, _new = certificate_issue_for_parcel(
            parcel=self.parcel_a, actor=self.registrar, base_url="http://testserver"
        )
        assert certificate.content["legal_basis"] == SUCCESSION
        shown = text_of(desk.get(f"/certificates/{certificate.pk}/").content.decode())
        assert f"Fondement juridique {SUCCESSION}" in shown.replace("\u202f", " ")
        extract = form_posting_to(page, "/extract/")
        printed = pdf_text(desk.post(extract.action, flat(extract.data())).content)
        assert "Succession de OUÉDRAOGO Aminata" in printed and "AC-12" in printed

    def test_a_widow_keeps_her_half_and_the_succession_is_her_husbands(self):
        husband = make_person(self.village_a, "Kɔnɛ", "Ɓukari", "M")
        widow = make_person(self.village_a, "Kɔnɛ", "Ŋaba Aminata")
        son = make_person(self.village_a, "Kɔnɛ", "Issa", "M")
        geometry = etalab_geometries([HEIRS_LAND])[HEIRS_LAND]
        land = parcel_record(
            village=self.village_a, geometry=geometry, survey_method="gps", source_id=HEIRS_LAND
        )
        right = right_register(
            parcel=land, right_type="customaryType",
            holders=[HolderShare(husband, "1/2"), HolderShare(widow, "1/2")],
            tenure_system="customary", legal_basis="Loi 034-2009/AN, art. 36",
        )  # fmt: skip
        application = change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=right,
            new_holders=[ClaimantInput(party=widow, share="1/2"), ClaimantInput(party=son, share="1/2")],
            data={"reason": "Décès de KƆNƐ Ɓukari"},
        )
        attestation = source_attach(
            source_type="customary_attestation", document_date=dt.date(2030, 1, 3), village=self.village_a,
            reference="AC-31",
        )  # fmt: skip
        claim_attach_documents(claim=application, actor=self.registrar, documents=[attestation])
        t.claim_submit(claim=application, actor=self.registrar)
        self.walk_to(application, ClaimState.READY_FOR_CERTIFICATE)
        rights = rights_table(self.browser(self.registrar).get(f"/parcels/{land.pk}/").content.decode())
        assert "Succession de KƆNƐ Ɓukari, attestation coutumière n° AC-31 du 03/01/2030" in rights
        assert "Ŋaba Aminata," not in rights

    def test_a_sale_keeps_the_rights_own_basis(self):
        buyer = make_person(self.village_a, "Zongo", "Ŋaaba Issa", "M")
        sale = change_draft(
            actor=self.registrar,
            kind="sale",
            right=self.right_a,
            new_holders=[ClaimantInput(party=buyer, share="1")],
            data={"reason": "Vente du champ, acte n° 2030-017"},
        )
        self.walk_to(sale, ClaimState.READY_FOR_CERTIFICATE)
        rights = rights_table(
            self.browser(self.registrar).get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        )
        assert "Loi 034-2009/AN, art. 36" in rights and "Succession" not in rights

    def test_holders_given_by_a_court_rest_on_its_judgment(self):
        brother = make_person(self.village_a, "Ŋaba", "Ɓukari", "M")
        case = self.file_case(
            subject="Vente faite par un seul des héritiers",
            kind="ownership",
            parcels=[self.parcel_a],
            rights=[self.right_a],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("heir", "ŊABA Ɓukari", "M", brother),
            ],
        )
        self.held_session(case)
        moves.non_conciliation(
            case=case, actor=self.conciliator, decided_on=clock.today(), summary="Pas d’accord."
        )
        moves.refer(
            case=case, actor=self.disputes, court_name="Tribunal de grande instance de Koudougou",
            court_reference="RG 118/2030", referred_on=clock.today(),
        )  # fmt: skip
        court = self.browser(self.disputes)
        action = f"/disputes/{case.pk}/moves/decide/"
        form = form_posting_to(court.get(f"/disputes/{case.pk}/").content.decode(), action)
        data = form.data(
            form.button("decide"),
            summary="Le champ est partagé entre les deux héritiers.",
            document_reference="45/2030",
            change="shares",
            holders="OUÉDRAOGO Aminata = 1/2\nŊABA Ɓukari = 1/2",
        )
        data["document"] = SimpleUploadedFile("jugement.pdf", JUDGEMENT_PDF, content_type="application/pdf")
        response = court.post(action, data, follow=True)
        assert response.status_code == 200, text_of(response.content.decode())[:3000]
        rights = rights_table(court.get(f"/parcels/{self.parcel_a.pk}/").content.decode())
        decided = clock.today().strftime("%d/%m/%Y")
        assert f"Jugement n° 45/2030 du Tribunal de grande instance de Koudougou du {decided}" in rights
        assert "Loi 034-2009/AN" not in rights


def rights_table_en(response) -> str:
    html = response.content.decode()
    return text_of(html.split("<h2>Rights, restrictions and responsibilities</h2>")[1].split("</table>")[0])
