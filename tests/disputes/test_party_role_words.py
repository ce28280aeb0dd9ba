"""The parties of a case are said by the part they play, agreed with the person (parties.role_words), on the
case's page and its procès-verbal: « demandeuse », « opposante », « héritière » for a woman, the neutral word
for a man, a lineage (a group, registered as such) and a person whose sex is not recorded. The page read
« autre partie, masculin », « demandeur, féminin »: a role word joined to a sex label. The agreement is posted
as the page renders it (CSRF, the button)."""

import re
from html import unescape

from django.utils import translation

from landreg.disputes.cases.services import PartyInput
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import party_create
from tests.certificates.base import pdf_text
from tests.disputes.test_pages import PageTestCase

SAID = [
    ("ŊABA Ɓintu Fatɛ", "demandeuse"),
    ("KƆNƆ Ɛsi", "opposante"),
    ("OUÉDRAOGO Aminata", "héritière"),  # the sex the register records: none typed on the case
    ("ZONGO Paul", "héritier"),
    ("Lignage Ɓɔɔ", "demandeur"),
    ("SAWADOGO Ɛli", "voisin"),  # sex not recorded
    ("ƁOUGMA Ŋaaba", "autre partie"),
]


class PartyRoleWordsTests(PageTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        lineage = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Lignage Ɓɔɔ", group_type=GroupType.LINEAGE
        )
        self.case = self.file_case(
            subject="Succession du champ de Kɔnkɔ",
            rights=[self.right_a],
            parties=[
                PartyInput("claimant", "ŊABA Ɓintu Fatɛ", "F"),
                PartyInput("objector", "KƆNƆ Ɛsi", "F"),
                PartyInput("heir", "OUÉDRAOGO Aminata", "", self.holder_a),
                PartyInput("heir", "ZONGO Paul", "M"),
                PartyInput("claimant", "Lignage Ɓɔɔ", "", lineage),
                PartyInput("neighbour", "SAWADOGO Ɛli"),
                PartyInput("other", "ƁOUGMA Ŋaaba", "M"),
            ],
        )
        self.client = self.client_for(self.disputes)

    def parties_listed(self) -> str:
        html = unescape(self.client.get(f"/disputes/{self.case.pk}/").content.decode())
        return re.search(r'<ul class="case-parties">(.*?)</ul>', html, re.S).group(1)

    def test_the_case_page_says_each_partys_role_agreed_with_the_person_and_no_sex_label(self):
        listed = re.sub(r"<[^>]+>", "", self.parties_listed())
        for name, word in SAID:
            assert f"{name} — {word}" in listed, (name, word, listed)
        assert "masculin" not in listed and "féminin" not in listed

    def test_the_procès_verbal_says_the_same_words(self):
        self.held_session(self.case)
        response = self.post_move(
            self.client,
            self.case,
            "agree",
            summary="Le champ reste à OUÉDRAOGO Aminata ; Ɓintu Fatɛ le cultive cette saison.",
            signatures="Empreintes des parties",
            change="none",
        )
        assert response.status_code == 302, unescape(response.content.decode())[:2000]
        html = self.client.get(f"/disputes/{self.case.pk}/").content.decode()
        [link] = re.findall(r'href="(/disputes/[^"]+/records/[^"]+\.pdf)"', html)
        text = " ".join(pdf_text(self.client.get(unescape(link)).content).split())
        for name, word in SAID:
            assert f"{name} {word}" in text, (name, word, text)
        assert "masculin" not in text and "féminin" not in text
