"""The claim list and the certificate list have a text filter, as the counter needs: a claimant's name or a
receipt number; a certificate's or its parcel's number, or a holder's name. Names are folded and spelling-
tolerant (Ɓationo Tɛnɛ typed « tene bationo »), the lists stay the user's, and the other filters, the sorting
links and the pages keep the text in their query strings. Each page is sent as its filter form sends it."""

import re
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.states import ClaimState
from landreg.certificates.issuing.services import certificate_issue
from landreg.parties.models import Sex
from landreg.rights.models import Right
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person
from tests.browser_forms import form_with_field, links


class ListedTestCase(AdjudicationTestCase):
    url = ""
    other_filter = ""  # a filter of the form beside the text

    def listed(self, user, query: dict | None = None, **typed):
        """The list as its filter form sends ``typed`` (from the page ``query`` opened): the response."""
        self.client.force_login(user)
        html = self.client.get(self.url, query or {}).content.decode()
        form = form_with_field(html, self.other_filter)
        assert form.method.lower() == "get"
        response = self.client.get(self.url, form.data(**typed))
        assert response.status_code == 200
        return response

    def pks(self, user, query: dict | None = None, **typed) -> set:
        return {row.pk for row in self.listed(user, query, **typed).context["page"].rows}


class ClaimListTextFilterTests(ListedTestCase):
    url = reverse("adjudication:claim-list")
    other_filter = "state"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.kone = make_person(cls.village_a, last_name="Kɔnɛ", first_names="Ŋaba", sex=Sex.FEMALE)

    def setUp(self):
        super().setUp()
        self.lodged = self.submitted(self.draft(claimants=[applicant("Ɓationo", "Tɛnɛ", "F")]))
        self.drafted = self.draft(east=400, claimants=[applicant("Ɓationo", "Tɛnɛ", "F")])
        self.with_kone = self.draft(
            east=700,
            claimants=[
                ClaimantInput(party=self.kone, share="1/2"),
                applicant("Kaboré", "Salif", share="1/2"),
            ],
        )
        self.in_b = self.draft(
            east=1300,
            village=self.village_b,
            agent=self.agent_b,
            claimants=[applicant("Bationo", "Tene", "F")],
        )
        self.all = {"queue": "all"}

    def test_a_claimant_s_name_however_typed_lists_her_claims(self):
        for typed in ("tene bationo", "ƁATIONO Tɛnɛ", "Bationo", "atio ten"):
            assert self.pks(self.agent_a, self.all, q=typed) == {self.lodged.pk, self.drafted.pk}, typed
        assert self.pks(self.agent_a, self.all, q="Kone Ngaba") == {self.with_kone.pk}  # registered
        assert self.pks(self.agent_a, self.all, q="kabore salif") == {self.with_kone.pk}  # on the claim only
        assert self.pks(self.agent_a, self.all, q=self.lodged.receipt_number) == {self.lodged.pk}
        assert self.pks(self.agent_a, self.all, q=self.lodged.receipt_number.lower()[-5:]) == {self.lodged.pk}

    def test_only_the_user_s_claims(self):
        assert self.pks(self.agent_b, self.all, q="Bationo Tene") == {self.in_b.pk}
        assert self.pks(self.registrar, self.all, q="Bationo Tene") == {
            self.lodged.pk,
            self.drafted.pk,
            self.in_b.pk,
        }

    def test_the_text_with_another_filter_and_in_the_sorting_links(self):
        response = self.listed(self.agent_a, self.all, q="bationo", state=ClaimState.SUBMITTED)
        assert {c.pk for c in response.context["page"].rows} == {self.lodged.pk}
        html = response.content.decode()
        assert 'name="q" value="bationo"' in html  # the form shows what was typed
        assert "Nom du demandeur ou numéro de récépissé" in html
        sorted_by_receipt = [href for href in links(html) if "sort=receipt" in href]
        assert sorted_by_receipt, links(html)
        for href in sorted_by_receipt:
            query = parse_qs(urlsplit(href).query)
            assert query["q"] == ["bationo"] and query["state"] == [ClaimState.SUBMITTED], href
            assert {c.pk for c in self.client.get(self.url, query).context["page"].rows} == {self.lodged.pk}

    def test_the_pages_keep_the_text(self):
        zongos = [
            self.draft(east=2000 + 300 * i, claimants=[applicant("Zongo", "Issa", "M")]) for i in range(51)
        ]
        response = self.listed(self.agent_a, self.all, q="zongo issa")
        first = {c.pk for c in response.context["page"].rows}
        assert len(first) == 50 and first <= {z.pk for z in zongos}
        [next_page] = {href for href in links(response.content.decode()) if "page=2" in href}
        query = parse_qs(urlsplit(next_page).query)
        assert query["q"] == ["zongo issa"], next_page
        rest = {c.pk for c in self.client.get(self.url, query).context["page"].rows}  # the link followed
        assert len(rest) == 1 and first | rest == {z.pk for z in zongos}


class CertificateListTextFilterTests(ListedTestCase):
    url = reverse("certificates:list")
    other_filter = "stage"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tene = make_person(cls.village_a, last_name="Ɓationo", first_names="Tɛnɛ", sex=Sex.FEMALE)
        cls.tene_b = make_person(cls.village_b, last_name="Bationo", first_names="Téné", sex=Sex.FEMALE)

    def setUp(self):
        super().setUp()
        self.of_aminata, _ = certificate_issue(right=self.right_a, actor=self.registrar)
        tene_parcel = self.parcel_held(3000, holder=self.tene)
        self.of_tene, _ = certificate_issue(
            right=Right.objects.get(parcel=tene_parcel, end_lifespan__isnull=True), actor=self.registrar
        )
        right_b = right_register(
            parcel=self.parcel_b,
            right_type="customaryType",
            holders=[HolderShare(self.tene_b)],
            tenure_system="customary",
            legal_basis="x",
        )
        self.of_tene_b, _ = certificate_issue(right=right_b, actor=self.registrar)
        self.tene_parcel = tene_parcel

    def test_a_holder_s_name_or_a_number_lists_the_certificate(self):
        for typed in ("tene bationo", "ƁATIONO", "atio tɛn"):
            assert self.pks(self.agent_a, q=typed) == {self.of_tene.pk}, typed
        assert self.pks(self.agent_a, q="ouedr amin") == {self.of_aminata.pk}
        assert self.pks(self.agent_a, q=self.of_tene.number) == {self.of_tene.pk}
        assert self.pks(self.agent_a, q=self.tene_parcel.number) == {self.of_tene.pk}
        assert self.pks(self.agent_a, q=self.parcel_a.number.lower()) == {self.of_aminata.pk}

    def test_a_number_typed_without_the_zeros_of_its_sequence_lists_the_certificate(self):
        # Read short at the counter: « TC-C-TC-A-3 » for TC-C-TC-A-00003, « tc-a-3 » for its parcel.
        for number in (self.of_tene.number, self.tene_parcel.number):
            short = re.sub(r"-0+(?=[0-9])", "-", number)
            assert short != number and len(short) < len(number), short
            assert self.pks(self.agent_a, q=short.lower()) == {self.of_tene.pk}, short
        html = self.listed(self.agent_a, q=re.sub(r"-0+(?=[0-9])", "-", self.of_tene.number)).content.decode()
        assert self.of_tene.number in html and self.of_aminata.number not in html

    def test_only_the_user_s_certificates(self):
        assert self.pks(self.agent_b, q="Bationo Tene") == {self.of_tene_b.pk}
        assert self.pks(self.registrar, q="Bationo Tene") == {self.of_tene.pk, self.of_tene_b.pk}

    def test_the_text_with_another_filter_and_in_the_sorting_links(self):
        response = self.listed(self.registrar, q="bationo", village=self.village_b.code)
        assert {c.pk for c in response.context["page"].rows} == {self.of_tene_b.pk}
        html = response.content.decode()
        assert "Numéro du certificat ou de la parcelle, nom d’un titulaire" in html
        sorted_by_number = [href for href in links(html) if "sort=number" in href]
        assert sorted_by_number
        for href in sorted_by_number:
            query = parse_qs(urlsplit(href).query)
            assert query["q"] == ["bationo"] and query["village"] == [self.village_b.code], href
            assert {c.pk for c in self.client.get(self.url, query).context["page"].rows} == {
                self.of_tene_b.pk
            }
