"""A claim found by a person's name at the counter, or listed on the claim list page, shows who claims it: the
claimants (people, or the group claiming), the group's mandatary and its members, as the claim stores them;
never the witnesses. Their names are read at once for the rows shown (claims.names): as many statements for
twenty claims as for two."""

import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import ClaimantRole
from landreg.parties.models import Sex
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person


def member(last, first, sex, share, mandatary=False):
    role = ClaimantRole.MANDATARY if mandatary else ClaimantRole.MEMBER
    return ClaimantInput(last_name=last, first_names=first, sex=sex, share=share, role=role)


def family(name="Famille Ŋandé de Tanghin"):
    return ClaimantInput(kind="group", name=name, group_type="family")


def text(html: str) -> str:
    return re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


class ClaimRowsNameClaimantsTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.kone = make_person(cls.village_a, last_name="Kɔnɛ", first_names="Ŋaba", sex=Sex.FEMALE)

    def setUp(self):
        super().setUp()
        # A family claims through its mandatary, Ɓationo Tɛnɛ (not registered), with two members; the
        # registered Kɔnɛ Ŋaba claims with Kaboré Salif; Zongo Issa is a witness only.
        self.by_family = self.draft(
            claimants=[
                family(),
                member("Ɓationo", "Tɛnɛ", "F", "1/2", mandatary=True),
                ClaimantInput(party=self.kone, share="1/4", role=ClaimantRole.MEMBER),
                member("Ŋandé", "Salif", "M", "1/4"),
                ClaimantInput(last_name="Zongo", first_names="Issa", sex="M", role=ClaimantRole.WITNESS),
            ]
        )
        self.by_two = self.draft(
            east=400,
            claimants=[
                ClaimantInput(party=self.kone, share="1/2"),
                applicant("Kaboré", "Salif", share="1/2"),
            ],
        )

    def search_rows(self, user, query) -> list[str]:
        self.client.force_login(user)
        page = self.client.get(reverse("web:search"), {"q": query}).content.decode()
        section = page.split("<h2>Demandes", 1)[1].split("</section>", 1)[0]
        return [text(li) for li in re.findall(r"<li>(.*?)</li>", section, re.S)]

    def test_a_member_of_the_family_finds_its_claim_with_every_name_on_it(self):
        rows = self.search_rows(self.agent_a, "tene bationo")
        assert rows == [
            "brouillon sans numéro de récépissé — Village A — brouillon — Famille Ŋandé de Tanghin"
            " — mandataire\u202f: ƁATIONO Tɛnɛ — membres\u202f: KƆNƐ Ŋaba, ŊANDÉ Salif"
        ], rows
        assert not any("ZONGO" in row for row in rows)

    def test_claims_by_several_people_name_each_of_them(self):
        rows = self.search_rows(self.agent_a, "Kone Ngaba")
        assert sorted(rows) == [
            "brouillon sans numéro de récépissé — Village A — brouillon — Famille Ŋandé de Tanghin"
            " — mandataire\u202f: ƁATIONO Tɛnɛ — membres\u202f: KƆNƐ Ŋaba, ŊANDÉ Salif",
            "brouillon sans numéro de récépissé — Village A — brouillon — KƆNƐ Ŋaba, KABORÉ Salif",
        ], rows

    def test_the_claim_list_page_names_them_too(self):
        self.client.force_login(self.agent_a)
        page = self.client.get(reverse("adjudication:claim-list"), {"queue": "all"}).content.decode()
        cells = [text(cell) for cell in re.findall(r"<td>(.*?)</td>", page, re.S)]
        family_names = "Famille Ŋandé de Tanghin — mandataire\u202f: ƁATIONO Tɛnɛ"
        assert f"{family_names} — membres\u202f: KƆNƐ Ŋaba, ŊANDÉ Salif" in cells, cells
        assert "KƆNƐ Ŋaba, KABORÉ Salif" in cells
        assert "ZONGO" not in page

    def statements(self, url, params) -> int:
        self.client.force_login(self.agent_a)
        self.client.get(url, params)  # the session and the process-wide caches, once
        with CaptureQueriesContext(connection) as seen:
            assert self.client.get(url, params).status_code == 200
        return len(seen.captured_queries)

    def test_as_many_statements_for_twenty_claims_as_for_two(self):
        search, listed = reverse("web:search"), reverse("adjudication:claim-list")
        # Each search different (the lists are kept as printed until the registry changes: web.search.kept).
        few = (self.statements(search, {"q": "Kaboré Salif"}), self.statements(listed, {"queue": "all"}))
        for i in range(18):
            self.draft(
                east=800 + 300 * i,
                claimants=[
                    family(f"Famille Kaboré {i}"),
                    member("Kaboré", "Salif", "M", "1/2", mandatary=True),
                    member("Kaboré", f"Awa {'I' * (i % 3 + 1)}", "F", "1/2"),
                ],
            )
        many = (self.statements(search, {"q": "Salif Kaboré"}), self.statements(listed, {"queue": "all"}))
        assert few == many
        self.client.force_login(self.agent_a)
        rows = self.search_rows(self.agent_a, "kabore salif")
        assert len(rows) == 19 and all("KABORÉ Salif" in row for row in rows), rows
