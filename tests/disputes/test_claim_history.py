"""The claim's page tells the whole story: its own moves and those of the dispute case an objection opened
on it (opening, sessions, agreement), by time; the case's notes only for those who may see the case."""

from landreg.disputes.cases import transitions as moves
from tests.browser_forms import links
from tests.disputes.test_pages import PageTestCase
from tests.web.test_french_pages import visible_texts


class ClaimHistoryTests(PageTestCase):
    def history(self, user, claim) -> tuple[list[str], str]:
        html = self.client_for(user).get(f"/adjudication/claims/{claim.pk}/").content.decode()
        table = html[html.index('<table class="list history">') :]
        table = table[: table.index("</table>")]
        return visible_texts(table), table

    def test_the_dispute_on_a_claim_appears_in_its_history_with_its_sessions_and_outcome(self):
        claim, case = self.objection_case()
        self.held_session(case)
        moves.agree(
            case=case,
            actor=self.conciliator,
            decided_on=self.now.date(),
            summary="La borne nord est replacée d’un commun accord.",
            signatures="Empreintes des parties",
        )
        texts, table = self.history(self.disputes, claim)
        joined = " | ".join(texts)
        # The claim's own moves, then the case's, in order of time.
        assert joined.index("brouillon → déposée") < joined.index("Dossier ouvert")
        opened, scheduled, held, agreed = (
            joined.index(label)
            for label in (
                "Dossier ouvert",
                "Prévoir une séance de conciliation",
                "Enregistrer la séance tenue",
                "Accord trouvé",
            )
        )
        assert opened < scheduled < held < agreed
        assert joined.count(case.number) == 4
        assert "Les parties ont été entendues." in texts  # the session's minutes
        assert "La borne nord est replacée d’un commun accord." in texts
        assert f"/disputes/{case.pk}/" in links(table)

    def test_those_who_may_not_see_the_case_read_what_happened_but_not_its_notes(self):
        claim, case = self.objection_case()
        self.held_session(case)
        texts, table = self.history(self.agent_a, claim)
        joined = " | ".join(texts)
        assert f"{case.number} — Enregistrer la séance tenue" in joined
        assert "Les parties ont été entendues." not in texts
        assert f"/disputes/{case.pk}/" not in links(table)

    def test_the_claim_form_says_how_to_give_the_boundary(self):
        html = self.client_for(self.agent_a).get("/adjudication/claims/new/").content.decode()
        assert (
            "Contour\u202f: tracez-le sur la carte, chargez un fichier GPS ou collez ses coordonnées" in html
        )
        assert "GeoJSON ou WKT, longitude" not in html
