"""One rule for every court's act the register records: its decision on a case, its homologation of an
agreement and its refusal come with the scan (or a photograph) of the judgement. The court's decision asked
for it, the homologation took a paper's reference alone; now each is refused without it, on the page, by the
move and through the API, with the same French message, and nothing is written."""

from html import unescape

from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.states import HomologationRule
from landreg.core import clock
from landreg.disputes.cases import transitions as dt_moves
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import DisputeHomologation, DisputeOutcome, HomologationRefusal
from landreg.disputes.outcomes.homologation import homologate, homologation_refuse
from landreg.disputes.states import DisputeStatus
from landreg.documents.models import Source
from tests.base import make_person, record_shared_holding
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import judgement_scan
from tests.disputes.test_homologation import COURT, HomologationTestCase
from tests.disputes.test_pages import posted
from tests.geometries import square

SCAN_REQUIRED = (
    "Joignez le scan ou une photographie du jugement\u202f: le registre n’enregistre une décision de justice "
    "qu’avec sa preuve."
)


class CourtActsTestCase(HomologationTestCase):
    def in_court(self):
        """A case on the land a lineage holds with two people, not conciliated and referred to the court."""
        holding = record_shared_holding(
            self.village_a,
            square(3000, 0),
            [self.holder_a, make_person(self.village_a, last_name="Ŋaba", first_names="Ɓintu Fatɛ")],
        )
        case = self.file_case(subject="Champ du lignage Ɓɔɔ", parcels=[holding])
        self.held_session(case)
        dt_moves.non_conciliation(
            case=case, actor=self.conciliator, decided_on=clock.today(), summary="Le lignage Ɓɔɔ refuse."
        )
        dt_moves.refer(
            case=case,
            actor=self.disputes,
            court_name=COURT,
            court_reference="RG 77/2030",
            referred_on=clock.today(),
        )
        case.refresh_from_db()
        assert case.status == DisputeStatus.IN_COURT
        return case

    def assert_no_decision(self, case):
        case.refresh_from_db()
        assert case.status == DisputeStatus.IN_COURT and case.is_open
        assert not DisputeOutcome.objects.filter(case=case, kind="court_decision").exists()
        assert not case.events.filter(move="decide").exists()


class ServiceTests(CourtActsTestCase):
    def test_each_court_act_without_the_judgements_scan_is_refused_and_nothing_is_written(self):
        paper_only = {"decided_on": clock.today(), "court_name": COURT, "reference": "Jugement n° 045/2030 Ŋ"}
        with self.assertRaisesMessage(DisputeError, "Attach the scan or a photograph of the judgement"):
            homologate(case=self.case, actor=self.disputes, **paper_only)
        assert not DisputeHomologation.objects.exists() and not Source.objects.exists()
        assert not self.case.events.filter(move="homologate").exists()

        case = self.in_court()
        with self.assertRaisesMessage(DisputeError, "Attach the scan or a photograph of the judgement"):
            dt_moves.decide(
                case=case,
                actor=self.disputes,
                decided_on=clock.today(),
                summary="Le champ revient au lignage Ɓɔɔ.",
                document=self.court_decision(scanned=False),
            )
        self.assert_no_decision(case)
        dt_moves.decide(
            case=case,
            actor=self.disputes,
            decided_on=clock.today(),
            summary="Le champ revient au lignage Ɓɔɔ.",
            document=self.court_decision(),
        )
        case.refresh_from_db()
        assert case.status == DisputeStatus.DECIDED

    def test_the_refusal_of_a_homologation_needs_its_scan_too(self):
        ProcedureProfile.objects.filter(code=self.profile.code).update(
            dispute_homologation=HomologationRule.REQUIRED
        )
        case = self.file_case(subject="Borne du lignage Ɓɔɔ", parcels=[self.parcel_a])
        self.held_session(case)
        dt_moves.agree(
            case=case,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="La borne reste au pied du karité.",
            signatures="ŊABA Ɓintu Fatɛ (empreinte), ZONGO Paul (signature)",
        )
        refused = {"decided_on": clock.today(), "court_name": COURT, "reference": "Jugement n° 050/2030"}
        with self.assertRaisesMessage(DisputeError, "Attach the scan or a photograph of the judgement"):
            homologation_refuse(
                case=case, actor=self.disputes, grounds="Accord contraire à la loi", **refused
            )
        case.refresh_from_db()
        assert case.status == DisputeStatus.HOMOLOGATION_PENDING and not HomologationRefusal.objects.exists()
        homologation_refuse(case=case, actor=self.disputes, file=judgement_scan(), **refused)
        case.refresh_from_db()
        assert case.status == DisputeStatus.NOT_CONCILIATED


class PageTests(CourtActsTestCase):
    def test_the_homologation_form_asks_for_the_scan_and_refuses_the_paper_alone(self):
        client = self.client_for(self.disputes)
        html = unescape(self.page(client))
        assert "Sans scan" not in html and "papier conservé" not in html
        response = self.homologate_on_page(client, file=None)
        html = unescape(response.content.decode())
        assert response.status_code == 400
        assert self.error_beside(response.content.decode(), "homologation_file").strip() == SCAN_REQUIRED
        assert form_posting_to(html, self.action).data()["reference"] == ["Jugement n° 045/2030 Ŋ"]
        assert not DisputeHomologation.objects.exists() and not Source.objects.exists()

    def test_the_court_decision_form_refuses_a_decision_without_its_scan_with_the_same_words(self):
        case = self.in_court()
        client = self.client_for(self.disputes)
        action = f"/disputes/{case.pk}/moves/decide/"
        form = form_posting_to(client.get(f"/disputes/{case.pk}/").content.decode(), action)
        response = client.post(
            action,
            posted(
                form,
                decided_on=clock.today().isoformat(),
                summary="Le champ revient au lignage Ɓɔɔ.",
                document_reference="TGI Koudougou 12/2030",
            ),
        )
        assert response.status_code == 400 and SCAN_REQUIRED in unescape(response.content.decode())
        self.assert_no_decision(case)


class ApiTests(CourtActsTestCase):
    def test_the_api_refuses_a_homologation_or_a_decision_without_the_scan(self):
        self.client.force_login(self.disputes)
        response = self.client.post(
            f"/api/v1/disputes/{self.case.pk}/homologation/",
            {"decided_on": clock.today().isoformat(), "court_name": COURT, "reference": "J 045/2030"},
            content_type="application/json",
        )
        assert response.status_code == 400 and response.json()["file"] == [SCAN_REQUIRED], response.content
        assert not DisputeHomologation.objects.exists() and not Source.objects.exists()

        case = self.in_court()
        paper = self.court_decision(scanned=False)
        response = self.client.post(
            f"/api/v1/disputes/{case.pk}/moves/decide/",
            {
                "decided_on": clock.today().isoformat(),
                "summary": "Le champ revient au lignage Ɓɔɔ.",
                "document": str(paper.pk),
            },
            content_type="application/json",
        )
        assert response.status_code == 400 and response.json()["detail"] == SCAN_REQUIRED, response.content
        self.assert_no_decision(case)

    def test_the_schema_says_the_homologation_needs_its_scan(self):
        schema = self.client.get("/api/schema/", {"format": "json"}, HTTP_HOST="127.0.0.1").json()
        for name in ("DisputeHomologationInput", "DisputeHomologationRefusalInput"):
            component = schema["components"]["schemas"][name]
            assert "file" in component["required"], name
