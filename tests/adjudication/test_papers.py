"""The procedure's papers, downloaded from the claim's page through the links it renders: the receipt, the
site-verification record and the committee minutes. Each is a French PDF whose text is read back (pypdf)."""

import re

from django.urls import reverse

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import ClaimantRole
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.adjudication.pdf import pdf_text
from tests.base import make_person
from tests.browser_forms import all_forms, flat, form_data


def boukary_family():
    """A woman-headed family: Awa holds two thirds and speaks for the family, her son one third."""
    return [
        ClaimantInput(kind="group", name="Famille Ɓoukary de Kuilga", group_type="family"),
        ClaimantInput(
            last_name="Ɓoukary",
            first_names="Awa Kɔnɛ",
            sex="F",
            share="2/3",
            role=ClaimantRole.MANDATARY,
            extra={
                "id_document_type": "national_id",
                "id_document_number": "B77001234",
                "birth_date": "1971-03-14",
                "birth_place": "Koudougou",
            },
        ),
        ClaimantInput(
            last_name="Ɓoukary", first_names="Ŋaaba", sex="M", share="1/3", role=ClaimantRole.MEMBER
        ),
    ]


class PaperTestCase(AdjudicationTestCase):
    def lodged(self):
        claim = self.draft(east=300, claimants=boukary_family())
        self.attach(claim, "mandate")
        return self.submitted(claim)

    def paper_link(self, user, claim, label: str) -> str:
        """The href of the claim page's link with this text, as the page renders it for ``user``."""
        self.client.force_login(user)
        page = self.client.get(f"/adjudication/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
        assert page.status_code == 200
        found = re.search(rf'<a href="([^"]+)">{re.escape(label)}</a>', page.content.decode())
        assert found, f"no link “{label}” on the claim page"
        return found.group(1)

    def read_in(self, language: str) -> None:
        """The language chosen in the header's menu (kept in a cookie by Django's set_language)."""
        self.client.post(reverse("set_language"), {"language": language, "next": "/"})

    def pdf(self, href: str) -> str:
        response = self.client.get(href)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        return pdf_text(response.content)


class ClaimReceiptTests(PaperTestCase):
    def test_the_agent_prints_the_receipt_of_a_family_claim_with_members_shares_and_the_mandatary(self):
        claim = self.lodged()
        text = self.pdf(self.paper_link(self.agent_a, claim, "Récépissé de dépôt (PDF)"))
        assert "RÉCÉPISSÉ DE DÉPÔT" in text and f"Récépissé n° {claim.receipt_number}" in text
        assert "Commune de Test commune — village de Village A" in text
        assert "Déposée le 7 janvier 2030" in text
        assert "Famille Ɓoukary de Kuilga (famille)" in text
        assert "ƁOUKARY Awa Kɔnɛ" in text and "ƁOUKARY Ŋaaba" in text
        assert "2/3" in text and "1/3" in text and "mandataire du groupe" in text
        assert "1 ha 00 a 00 ca (10 000 m², EPSG:32630)" in text
        assert "Parcelle TC-A-00001" in text  # the limit to the west, as recorded
        assert "mandat" in text and "Enregistrée par agent_a" in text
        # The agent may see personal data: the receipt is the claimant's own paper and carries it.
        assert "B77001234" in text and "14/03/1971" in text and "Koudougou" in text
        # Awa's sex is recorded: « née le », not « né(e) le ».
        assert "née le 14/03/1971 à Koudougou" in text and "né(e)" not in text, text
        # Notice dates are not known before screening; once posted, the receipt prints them.
        assert "fixée quand le service foncier accepte la demande" in text
        self.accepted(claim)
        claim.refresh_from_db()
        text = self.pdf(self.paper_link(self.agent_a, claim, "Récépissé de dépôt (PDF)"))
        assert f"du 7 janvier 2030 au {claim.notice_end.day} février 2030" in text
        assert "TC-A-00002" in text  # the parcel number reserved at screening

    def test_an_application_for_a_change_names_the_parcel_it_concerns_and_the_heirs_registered_data(self):
        heirs = [
            make_person(
                self.village_a,
                "Ɓoukary",
                "Ŋaaba",
                "M",
                id_document_type="national_id",
                id_document_number="B55501234",
            ),
            make_person(self.village_a, "Ɓoukary", "Awa Kɔnɛ", "F"),
        ]
        application = change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=self.right_a,
            new_holders=[ClaimantInput(party=heir, share="1/2") for heir in heirs],
            data={"reason": "Décès de OUÉDRAOGO Aminata"},
        )
        application = self.submitted(application)
        text = self.pdf(self.paper_link(self.registrar, application, "Récépissé de dépôt (PDF)"))
        assert "Demande succession" in text and "Parcelles concernées TC-A-00001" in text
        assert "ƁOUKARY Ŋaaba" in text and "ƁOUKARY Awa Kɔnɛ" in text and "1/2" in text
        assert "B55501234" in text  # the registered person's ID, for the land office that may see it

    def test_a_committee_member_without_the_personal_data_permission_gets_it_without_id_or_birth(self):
        claim = self.lodged()
        text = self.pdf(self.paper_link(self.member_a, claim, "Récépissé de dépôt (PDF)"))
        assert "ƁOUKARY Awa Kɔnɛ" in text and "2/3" in text
        assert "B77001234" not in text and "1971" not in text and "Koudougou" not in text

    def test_another_village_gets_404_and_a_visitor_is_sent_to_log_in(self):
        claim = self.lodged()
        href = self.paper_link(self.agent_a, claim, "Récépissé de dépôt (PDF)")
        self.client.force_login(self.agent_b)
        assert self.client.get(href).status_code == 404
        self.client.logout()
        response = self.client.get(href)
        assert response.status_code == 302 and "/login" in response["Location"]

    def test_a_draft_has_no_receipt(self):
        claim = self.draft(east=300, claimants=boukary_family())
        self.client.force_login(self.agent_a)
        page = self.client.get(f"/adjudication/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
        assert "Récépissé de dépôt" not in page.content.decode()
        assert self.client.get(f"/adjudication/claims/{claim.pk}/papers/receipt.pdf").status_code == 404
        assert claim.state == ClaimState.DRAFT


class SiteRecordPaperTests(PaperTestCase):
    """The family's claim touches parcel TC-A-00001 (OUÉDRAOGO Aminata) on its west side."""

    def at_site(self):
        claim = self.draft(east=100, claimants=boukary_family())
        self.attach(claim, "mandate")
        return self.walk_to(claim, ClaimState.SITE_VERIFICATION)

    def record_through_the_page(self, claim, *, west_agrees=True, remark=""):
        """The committee member fills the page's form as rendered: the family's mandatary and member (never
        the family itself: only people are present) and the suggested neighbour are there; an absent neighbour
        and the customary chief go in the spare rows."""
        self.client.force_login(self.member_a)
        url = f"/adjudication/claims/{claim.pk}/site-visit/"
        data = form_data(self.client.get(url).content.decode())
        assert data["attendees-0-name"] == ["ƁOUKARY Awa Kɔnɛ"]
        assert data["attendees-0-remark"] == ["mandataire de Famille Ɓoukary de Kuilga"]
        assert data["attendees-1-name"] == ["ƁOUKARY Ŋaaba"]
        assert data["attendees-2-name"] == ["OUÉDRAOGO Aminata"] and data["attendees-2-direction"] == ["W"]
        data.update(
            {
                "place": ["Bas-fond de Kuilga"],
                "language": ["mooré"],
                "translated": ["on"],
                "translation_language": ["français"],
                "notes": ["Bornes posées aux quatre angles ; un karité marque l’angle nord-ouest."],
                "attendees-0-mark": ["fingerprint"],
                "attendees-0-mark_reference": ["FP-0042"],
                "attendees-2-agrees": ["yes" if west_agrees else "no"],
                "attendees-2-remark": [remark],
                "attendees-3-role": ["neighbour"],
                "attendees-3-name": ["ƁAMOGO Issa"],
                "attendees-3-direction": ["E"],
                "attendees-3-mark": ["absent"],
                "attendees-4-role": ["customary_authority"],
                "attendees-4-name": ["Naaba Kɔɔgo"],
                "attendees-4-mark": ["cross"],
            }
        )
        response = self.client.post(url, flat(data))
        assert response.status_code == 302, response.content.decode()[:2000]
        return claim.site_visits.get()

    def test_the_record_prints_who_came_their_marks_the_absent_neighbour_and_the_confirmed_limits(self):
        claim = self.at_site()
        visit = self.record_through_the_page(claim)
        t.site_verification_close(claim=claim, actor=self.president_a)
        text = self.pdf(self.paper_link(self.member_a, claim, "Procès-verbal de reconnaissance (PDF)"))
        assert "PROCÈS-VERBAL DE CONSTAT ET DE RECONNAISSANCE SUR LE TERRAIN" in text
        assert f"Demande n° {claim.receipt_number}" in text
        assert f"Date {visit.visit_date.day} février 2030" in text and "Bas-fond de Kuilga" in text
        assert "mooré — traduit en français" in text
        assert "Famille Ɓoukary de Kuilga" in text and "empreinte digitale — FP-0042" in text
        assert "OUÉDRAOGO Aminata voisin (ouest, TC-A-00001) confirme les limites" in text
        assert "ƁAMOGO Issa voisin (est) absent" in text and "Convoqués mais absents : ƁAMOGO Issa" in text
        assert "Naaba Kɔɔgo" in text and "croix" in text
        assert "confirmées par toutes les personnes présentes" in text
        assert "un karité marque l’angle nord-ouest" in text
        assert "La reconnaissance sur le terrain a été close le" in text and "par president_a" in text
        assert "validation par la commission" in text
        # Everyone present has a box for their mark; the absent neighbour has none.
        boxes = text.split("Signatures ou marques", 1)[1]
        assert "Naaba Kɔɔgo" in boxes and "ƁAMOGO Issa" not in boxes and "member_a" in boxes

    def test_an_english_reader_is_told_the_record_is_in_french_and_gets_the_french_record(self):
        # The procès-verbal is signed on the spot and goes into the procedure's file: it stays in the official
        # language whoever prints it, and the English page's link says so (as it does for the receipt).
        claim = self.at_site()
        self.record_through_the_page(claim)
        self.read_in("en")
        self.paper_link(self.member_a, claim, "Claim receipt (PDF, in French)")
        text = self.pdf(self.paper_link(self.member_a, claim, "Site verification record (PDF, in French)"))
        assert "PROCÈS-VERBAL DE CONSTAT ET DE RECONNAISSANCE SUR LE TERRAIN" in text
        assert "Signatures ou marques" in text and "Signatures or marks" not in text
        # In French the link does not say what goes without saying.
        self.read_in("fr")
        self.paper_link(self.member_a, claim, "Procès-verbal de reconnaissance (PDF)")

    def test_a_contested_limit_prints_the_reason_and_the_dispute_it_opened(self):
        claim = self.at_site()
        visit = self.record_through_the_page(
            claim, west_agrees=False, remark="La limite passe au karité, pas au sentier"
        )
        text = self.pdf(self.paper_link(self.agent_a, claim, "Procès-verbal de reconnaissance (PDF)"))
        assert "conteste les limites" in text and "La limite passe au karité, pas au sentier" in text
        assert "Les limites sont contestées par" in text
        assert f"(dossier {visit.dispute.number})" in text

    def test_the_papers_say_aucune_of_attachments_and_the_case_opened_names_the_day_as_pages_do(self):
        # Seen walking the demo: « Pièces jointes … Aucun. » (pièce is feminine) on the site record and the
        # receipt, and the case a contested limit opened was about « la reconnaissance du 2026-12-05 ».
        claim = self.at_site()
        visit = self.record_through_the_page(claim, west_agrees=False, remark="Le sentier")
        text = self.pdf(self.paper_link(self.agent_a, claim, "Procès-verbal de reconnaissance (PDF)"))
        assert "Pièce Référence Date Aucune." in text and "Aucun." not in text
        subject = visit.dispute.subject
        assert f"{visit.visit_date:%d/%m/%Y}" in subject and visit.visit_date.isoformat() not in subject

    def test_the_record_has_a_box_for_the_village_committee_s_president_by_name(self):
        # Walked in the demo: the record a committee member wrote had boxes for those present and its writer,
        # none for the president of the committee, who signs it.
        claim = self.at_site()
        self.record_through_the_page(claim)
        text = self.pdf(self.paper_link(self.member_a, claim, "Procès-verbal de reconnaissance (PDF)"))
        boxes = text.split("Signatures ou marques", 1)[1]
        assert "member_a rédacteur du procès-verbal" in boxes
        assert "president_a président de la commission foncière villageoise" in boxes

    def test_another_village_gets_404_and_a_visitor_is_sent_to_log_in(self):
        claim = self.at_site()
        self.record_through_the_page(claim)
        href = self.paper_link(self.member_a, claim, "Procès-verbal de reconnaissance (PDF)")
        self.client.force_login(self.agent_b)
        assert self.client.get(href).status_code == 404
        other = self.lodged()
        self.client.force_login(self.member_a)  # the record of one claim is not reached through another
        assert self.client.get(href.replace(str(claim.pk), str(other.pk))).status_code == 404
        self.client.logout()
        assert self.client.get(href).status_code == 302


class CommitteeMinutesTests(PaperTestCase):
    def setUp(self):
        super().setUp()
        names = [("Issaka", "ƁANGRÉ"), ("Kɔnɛ", "TRAORÉ"), ("Mariam", "ŊANDO"), ("Boukary", "OUÉDRAOGO")]
        for user, (first, last) in zip([self.president_a, *self.members_a], names, strict=False):
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])

    def at_committee(self, east=100):
        claim = self.draft(east=east, claimants=boukary_family())
        self.attach(claim, "mandate")
        return self.walk_to(claim, ClaimState.COMMITTEE_VALIDATION)

    def vote_through_the_page(self, claim, member, decision: str, reason: str):
        self.client.force_login(member)
        html = self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        action = f"/adjudication/claims/{claim.pk}/vote/"
        index = next(i for i, f in enumerate(all_forms(html)) if "reason" in f and "decision" not in f)
        assert f'action="{action}"' in html
        data = form_data(html, index) | {"decision": [decision], "reason": [reason]}
        assert self.client.post(action, flat(data)).status_code == 302

    def decided(self, claim, approve: list[tuple], reject: list[tuple]):
        for member, reason in approve:
            self.vote_through_the_page(claim, member, "approve", reason)
        for member, reason in reject:
            self.vote_through_the_page(claim, member, "reject", reason)
        claim.refresh_from_db()
        return claim

    def test_the_minutes_print_who_sat_the_quorum_each_vote_with_its_reason_and_the_validation(self):
        m1, m2, m3 = self.members_a[:3]
        claim = self.at_committee()
        self.client.force_login(self.member_a)
        page = self.client.get(
            f"/adjudication/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
        assert "Procès-verbal de la commission" not in page  # nothing decided yet
        assert (
            self.client.get(f"/adjudication/claims/{claim.pk}/papers/committee-minutes.pdf").status_code
            == 404
        )
        self.decided(
            claim,
            approve=[(m1, "Limites reconnues par les voisins"), (m2, "Possession paisible depuis 1987")],
            reject=[(m3, "Le karité de l’angle nord-ouest est contesté")],
        )
        t.committee_validate(claim=claim, actor=self.president_a)
        text = self.pdf(self.paper_link(self.member_a, claim, "Procès-verbal de la commission (PDF)"))
        assert "PROCÈS-VERBAL DE DÉLIBÉRATION DE LA COMMISSION FONCIÈRE" in text
        assert f"Délibération sur la demande n° {claim.receipt_number}" in text
        assert "Présidée par Issaka ƁANGRÉ" in text
        assert "Membres présents Kɔnɛ TRAORÉ, Mariam ŊANDO, Boukary OUÉDRAOGO" in text
        assert "Famille Ɓoukary de Kuilga" in text and "TC-A-00002" in text
        needed = self.profile.quorum_min_votes
        assert f"{needed} voix requises, 3 exprimées : quorum atteint" in text
        assert "Kɔnɛ TRAORÉ pour Limites reconnues par les voisins" in text
        assert "Mariam ŊANDO pour Possession paisible depuis 1987" in text
        assert "Boukary OUÉDRAOGO contre Le karité de l’angle nord-ouest est contesté" in text
        assert "La commission valide la demande (2 pour, 1 contre)" in text
        assert "elle passe à l’étape : approbation par l’autorité" in text
        boxes = text.split("Signatures ou marques", 1)[1]
        assert "Issaka ƁANGRÉ président de la commission" in boxes and "Boukary OUÉDRAOGO" in boxes

    def test_a_rejection_prints_the_votes_against_and_the_reason_given(self):
        m1, m2, m3 = self.members_a[:3]
        claim = self.decided(
            self.at_committee(),
            approve=[(m1, "Limites reconnues")],
            reject=[(m2, "Terre de lignage non partagée"), (m3, "Le lignage Ŋando revendique la terre")],
        )
        t.claim_reject(
            claim=claim, actor=self.president_a, code="committee_vote", note="Terre du lignage Ŋando"
        )
        text = self.pdf(self.paper_link(self.agent_a, claim, "Procès-verbal de la commission (PDF)"))
        assert "La commission rejette la demande (1 pour, 2 contre)" in text
        assert "Terre du lignage Ŋando" in text and "quorum atteint" in text

    def test_a_session_prints_every_claim_the_committee_decided_that_day_in_the_village(self):
        members = self.members_a[:3]
        first, second = self.at_committee(east=100), self.at_committee(east=300)
        for claim in (first, second):
            self.decided(claim, approve=[(m, "Limites reconnues") for m in members], reject=[])
            t.committee_validate(claim=claim, actor=self.president_a)
        href = self.paper_link(self.member_a, first, "Procès-verbal de la séance (2 demandes, PDF)")
        assert href == f"/adjudication/committee/TC-A/{self.now.date().isoformat()}/minutes.pdf"
        text = self.pdf(href)
        assert "Séance : 2 demandes" in text
        assert first.receipt_number in text and second.receipt_number in text
        assert text.count("La commission valide la demande (3 pour, 0 contre)") == 2
        self.client.force_login(self.agent_b)  # another village's user: neither the session nor the claim
        assert self.client.get(href).status_code == 404
        assert (
            self.client.get(f"/adjudication/claims/{first.pk}/papers/committee-minutes.pdf").status_code
            == 404
        )
        self.client.force_login(self.member_a)
        assert self.client.get(href.replace(self.now.date().isoformat(), "2030-13-01")).status_code == 404
        assert self.client.get(href.replace(self.now.date().isoformat(), "2031-01-01")).status_code == 404
        self.client.logout()
        assert self.client.get(href).status_code == 302
