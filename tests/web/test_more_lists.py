"""The print queue, the certificate list, the dispute case list and the agent's field submissions: filtered,
sorted and paged like the parcel list, scoped to the user, and their queries do not grow with their rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.certificates.issuing.services import certificate_print
from landreg.collect.models import Submission, SubmissionState
from landreg.disputes.cases.services import PartyInput, dispute_file
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.certificates.base import CertificateTestCase
from tests.geometries import square
from tests.web.test_lists import count_line, filter_form, overdue_options, rows


class CertificateListTests(CertificateTestCase):
    def held(self, i, holder):
        parcel = parcel_record(village=self.village_a, geometry=square(300 * i, 7000), survey_method="gps")
        return right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(holder)],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )

    def test_the_print_queue_is_paged_and_its_form_filters_by_the_sex_of_holders(self):
        for i in range(55):
            self.held(i, self.wife)
        self.client.force_login(self.registrar)
        page = self.client.get("/certificates/").content.decode()
        assert count_line(page) == "1–50 sur 59 lignes"  # parcels A, B, C and D are waiting too
        assert count_line(self.client.get("/certificates/?page=2").content.decode()) == "51–59 sur 59 lignes"
        data = filter_form(page)
        data.update(village="TC-A", holder_sex="M")
        html = self.client.get("/certificates/", data).content.decode()
        # The husband holds C with his wife; the elder is a member of the family holding D.
        assert rows(html) == sorted([self.parcel_c.number, self.parcel_d.number])

    def test_the_certificate_list_by_stage(self):
        printed = self.issue(right=self.right_c)
        waiting = self.issue(right=self.right_d)
        certificate_print(certificate=printed, actor=self.registrar)
        self.client.force_login(self.registrar)
        html = self.client.get("/certificates/all/?stage=to_print").content.decode()
        assert rows(html) == [waiting.number]
        # The authority signs the printed paper: the one never printed waits for its print, not a signature.
        html = self.client.get("/certificates/all/?stage=to_sign").content.decode()
        assert rows(html) == [printed.number]

    def test_the_print_queue_costs_as_many_queries_with_100_rights_as_with_10(self):
        self.client.force_login(self.registrar)
        for i in range(6):
            self.held(i, self.daughter)
        with CaptureQueriesContext(connection) as ten:
            assert len(rows(self.client.get("/certificates/?sort=-recorded").content.decode())) == 10
        for i in range(6, 96):
            self.held(i, self.daughter)
        with CaptureQueriesContext(connection) as hundred:
            html = self.client.get("/certificates/?sort=-recorded").content.decode()
        assert count_line(html) == "1–50 sur 100 lignes"
        assert len(hundred) == len(ten), [q["sql"] for q in hundred.captured_queries]

    def test_the_certificate_list_costs_as_many_queries_with_100_certificates_as_with_10(self):
        self.client.force_login(self.registrar)
        rights = [self.held(i, self.wife) for i in range(100)]
        for right in rights[:10]:
            self.issue(right=right)
        with CaptureQueriesContext(connection) as ten:
            assert len(rows(self.client.get("/certificates/all/?holder_sex=F").content.decode())) == 10
        for right in rights[10:]:
            self.issue(right=right)
        with CaptureQueriesContext(connection) as hundred:
            html = self.client.get("/certificates/all/?holder_sex=F").content.decode()
        assert count_line(html) == "1–50 sur 100 lignes"
        assert len(hundred) == len(ten), [q["sql"] for q in hundred.captured_queries]


class CaseListTests(CertificateTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from landreg.accounts.roles import Role
        from tests.base import make_user

        cls.disputes = make_user("disputes", Role.DISPUTE_ADMINISTRATOR, cls.commune)

    def open_case(self, i, village=None, sex="F"):
        village = village or self.village_a
        return dispute_file(
            actor=self.disputes,
            village=village,
            kind="boundary",
            subject=f"Limite nord, borne {i}",
            grounds="",
            parcels=[self.parcel_a if village == self.village_a else self.parcel_b],
            rights=[],
            parties=[PartyInput("claimant", "Ŋaba Kadiatou" if sex == "F" else "Ɓaro Ousmane", sex)],
        )

    def test_cases_are_filtered_by_village_and_by_the_sex_of_a_party(self):
        hers = self.open_case(1)
        his = self.open_case(2, village=self.village_b, sex="M")
        self.client.force_login(self.disputes)
        # Each case has its land's holder as a party too (OUÉDRAOGO Aminata, ZONGO Fatimata): a man is a party
        # of his case only.
        assert rows(self.client.get("/disputes/cases/?party_sex=M").content.decode()) == [his.number]
        assert set(rows(self.client.get("/disputes/cases/?party_sex=F").content.decode())) == {
            hers.number,
            his.number,
        }
        assert rows(self.client.get("/disputes/cases/?village=TC-B").content.decode()) == [his.number]
        page = self.client.get("/disputes/cases/").content.decode()
        assert set(rows(page)) == {hers.number, his.number}
        assert "overdue" in filter_form(page)
        # « En retard » : Tous, Oui, Non (django-filter's select said « Inconnu » for « any »).
        assert overdue_options(page) == [("", "Tous"), ("true", "Oui"), ("false", "Non")]
        late = self.client.get("/disputes/cases/", {**filter_form(page), "overdue": "true"}).content.decode()
        assert rows(late) == [] and filter_form(late)["overdue"] == "true"

    def test_an_agent_sees_no_case(self):
        self.open_case(1)
        self.client.force_login(self.agent_a)
        assert rows(self.client.get("/disputes/cases/").content.decode()) == []

    def test_the_case_list_costs_as_many_queries_with_100_cases_as_with_10(self):
        self.client.force_login(self.disputes)
        for i in range(10):
            self.open_case(i)
        with CaptureQueriesContext(connection) as ten:
            assert len(rows(self.client.get("/disputes/cases/?sort=village").content.decode())) == 10
        for i in range(10, 100):
            self.open_case(i)
        with CaptureQueriesContext(connection) as hundred:
            html = self.client.get("/disputes/cases/?sort=village").content.decode()
        assert count_line(html) == "1–50 sur 100 lignes"
        assert len(hundred) == len(ten), [q["sql"] for q in hundred.captured_queries]


class SubmissionListTests(CertificateTestCase):
    def received(self, i, state=SubmissionState.NEEDS_CORRECTION):
        return Submission.objects.create(
            instance_id=f"uuid:{i:08d}-0000-4000-8000-000000000000",
            form_id="landreg_parcel_TC-A",
            agent=self.agent_a,
            village=self.village_a,
            xml="<data/>",
            state=state,
            reasons=["La surface est vide."],
        )

    def test_the_agent_filters_what_needs_correcting(self):
        self.received(1)
        self.received(2, state=SubmissionState.RECEIVED)
        self.client.force_login(self.agent_a)
        html = self.client.get("/collect/?state=needs_correction").content.decode()
        assert count_line(html) == "1–1 sur 1 ligne"
        assert "La surface est vide." in html

    def test_the_page_costs_as_many_queries_with_100_submissions_as_with_10(self):
        self.client.force_login(self.agent_a)
        for i in range(10):
            self.received(i)
        with CaptureQueriesContext(connection) as ten:
            assert count_line(self.client.get("/collect/?received_after=2000-01-01").content.decode()) == (
                "1–10 sur 10 lignes"
            )
        for i in range(10, 100):
            self.received(i)
        with CaptureQueriesContext(connection) as hundred:
            html = self.client.get("/collect/?received_after=2000-01-01").content.decode()
        assert count_line(html) == "1–50 sur 100 lignes"
        assert len(hundred) == len(ten), [q["sql"] for q in hundred.captured_queries]
