"""At the counter, the header search's « Personnes » listed namesakes alike: « BATIONO Téné — Village A »
three times. Each row now says what tells them apart as the lists of choices do (parties.choice_labels): the
village's code, the domicile when it is not the village, and, only where the user may see that village's
personal data, the year of birth (never the date) and the ID number."""

import datetime as dt
import re
from html import unescape

from django.urls import reverse

from landreg.accounts.roles import Role
from landreg.accounts.services import role_grant
from landreg.parties.models import Sex
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person, make_user

NNBSP = "\u202f"


def people_rows(page: str) -> list[str]:
    """The rows of the page's « Personnes » list, as the user reads them."""
    section = page.split("<h2>Personnes", 1)[1].split("</section>", 1)[0]
    return [
        re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", "", li))).strip()
        for li in re.findall(r"<li>(.*?)</li>", section)
    ]


class NamesakesTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Three « Ɓationo Tɛnɛ » of village A (the clerk types « Bationo Téné »): two born in 1975 (one about
        # then), one of them living in a quartier of the village; and one of village B.
        person = {
            "last_name": "Ɓationo",
            "first_names": "Tɛnɛ",
            "sex": Sex.FEMALE,
            "id_document_type": "national_id",
        }
        cls.tene_1 = make_person(
            cls.village_a, **person, birth_date=dt.date(1975, 3, 14), id_document_number="B10000001"
        )
        cls.tene_2 = make_person(
            cls.village_a,
            **person,
            birth_date=dt.date(1975, 1, 1),
            birth_date_is_approximate=True,
            id_document_number="B10000002",
            domicile="Secteur 3 (Tanghin)",
        )
        cls.tene_3 = make_person(
            cls.village_a, **person, birth_date=dt.date(1988, 11, 2), id_document_number="B10000003"
        )
        cls.tene_b = make_person(
            cls.village_b, **person, birth_date=dt.date(1990, 6, 30), id_document_number="B20000001"
        )
        # A field agent of village A who sits on village B's committee: B's records, not B's personal data.
        cls.agent_a_member_b = make_user("agent_a_member_b", Role.FIELD_AGENT, cls.village_a)
        role_grant(user=cls.agent_a_member_b, role=Role.COMMITTEE_MEMBER, unit=cls.village_b)

    def rows(self, user, query="Bationo Téné") -> list[str]:
        self.client.force_login(user)
        # The header's search form: a GET of « q ».
        response = self.client.get(reverse("web:search"), {"q": query})
        assert response.status_code == 200
        return people_rows(response.content.decode())

    def test_the_field_agent_of_the_village_tells_the_three_apart(self):
        rows = self.rows(self.agent_a)
        assert sorted(rows) == sorted(
            [
                f"ƁATIONO Tɛnɛ (TC-A) — Village A — née en 1975 — pièce n°{NNBSP}B10000001",
                f"ƁATIONO Tɛnɛ (TC-A) — Village A — née vers 1975 — pièce n°{NNBSP}B10000002"
                " — Secteur 3 (Tanghin)",
                f"ƁATIONO Tɛnɛ (TC-A) — Village A — née en 1988 — pièce n°{NNBSP}B10000003",
            ]
        ), rows
        page = "\n".join(rows)
        assert "14/03" not in page and "1975-03-14" not in page  # the year, never the date

    def test_a_committee_member_sees_no_personal_data(self):
        rows = self.rows(self.member_a)
        assert sorted(rows) == sorted(
            [
                "ƁATIONO Tɛnɛ (TC-A) — Village A",
                "ƁATIONO Tɛnɛ (TC-A) — Village A — Secteur 3 (Tanghin)",
                "ƁATIONO Tɛnɛ (TC-A) — Village A",
            ]
        ), rows

    def test_personal_data_only_of_the_villages_where_the_user_may_see_it(self):
        rows = self.rows(self.agent_a_member_b)
        assert "ƁATIONO Tɛnɛ (TC-B) — Village B" in rows, rows
        assert len([row for row in rows if "pièce" in row]) == 3
        assert not any("B20000001" in row or "1990" in row for row in rows)
        # The land office of the commune sees both villages' personal data; village B's agent only B's people.
        rows = self.rows(self.registrar)
        assert f"ƁATIONO Tɛnɛ (TC-B) — Village B — née en 1990 — pièce n°{NNBSP}B20000001" in rows, rows
        assert self.rows(self.agent_b) == [
            f"ƁATIONO Tɛnɛ (TC-B) — Village B — née en 1990 — pièce n°{NNBSP}B20000001"
        ]

    def test_lists_kept_for_one_user_never_show_another_the_personal_data(self):
        """The lists are kept as printed until the registry changes (web.search.kept): the field agent's, with
        the years and ID numbers, must not be what the committee member of the same village is shown."""
        for query in ("tene bationo", "ƁATIONO TƐNƐ"):
            assert any("pièce" in row for row in self.rows(self.agent_a, query))
            assert not any("pièce" in row or "1975" in row for row in self.rows(self.member_a, query)), query
            assert any("pièce" in row for row in self.rows(self.agent_a, query))
