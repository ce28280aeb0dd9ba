"""Lists of choices naming a person (the registered person of a claim's row, a dispute's new party, the record
a change corrects) tell namesakes apart with what the user may see: the demo's three « BATIONO Téné (SAB-C) »
looked the same. The year of birth (never the date) and the ID number only to users who may see the personal
data of the person's village."""

import collections
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from landreg.disputes.cases.services import parties_may_join
from landreg.disputes.models import DisputeCase
from landreg.disputes.selectors import people_of_case
from landreg.disputes.states import OPEN_STATES
from landreg.parties.models import Party, PartyKind
from tests.browser_forms import form_with_field
from tests.demo_story import load_demo_story


class _Options(HTMLParser):
    """Each select's options as (value, text), by the select's name."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.selects: dict[str, list[tuple[str, str]]] = {}
        self._select, self._option = None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = self.selects.setdefault(attrs.get("name"), [])
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self._select.append((self._option[0], self._option[1].strip()))
            self._option = None
        elif tag == "select":
            self._select = None


def options(html: str, name: str) -> dict[str, str]:
    return {value: text for value, text in _Options(html).selects[name] if value}


class PersonChoicesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_story()
        users = get_user_model().objects
        cls.agent_centre, cls.agent_nord = (
            users.get(username="agent_centre"),
            users.get(username="agent_nord"),
        )
        cls.litiges, cls.conciliation = users.get(username="litiges"), users.get(username="conciliation")
        named = collections.defaultdict(list)
        for party in Party.objects.current().filter(kind=PartyKind.NATURAL, village__code="SAB-C"):
            named[(party.last_name, party.first_names)].append(party)
        cls.tene = named[("Bationo", "Téné")]

    def searched(self, user, query: str) -> str:
        """The claim form's person search, sent as its button sends it; the page it gives back."""
        self.client.force_login(user)
        form = form_with_field(
            self.client.get(reverse("adjudication:claim-new")).content.decode(), "person_q"
        )
        response = self.client.post(
            form.action or reverse("adjudication:claim-new"), form.data(("search", "1"), person_q=query)
        )
        assert response.status_code == 200
        return response.content.decode()

    def test_the_demo_has_three_namesakes_born_the_same_day(self):
        assert len(self.tene) == 3 and len({p.birth_date for p in self.tene}) == 1

    def test_the_field_agent_of_their_village_tells_them_apart_by_year_of_birth_and_id_number(self):
        offered = options(self.searched(self.agent_centre, "tene ɓationo"), "holders-0-party")
        assert len(offered) == 3, offered  # her name typed without accents, in the other order: her alone
        labels = [offered[str(p.pk)] for p in self.tene]
        assert len(set(labels)) == 3, labels
        for person, label in zip(self.tene, labels, strict=True):
            year, number = person.birth_date.year, person.id_document_number
            assert label == f"BATIONO Téné (SAB-C) — née en {year} — pièce n°\u202f{number}", label
            assert person.birth_date.strftime("%d/%m") not in label

    def test_a_field_agent_of_another_village_is_offered_none_of_them(self):
        offered = options(self.searched(self.agent_nord, "Bationo Téné"), "holders-0-party")
        assert not {str(p.pk) for p in self.tene} & set(offered)
        assert all("(SAB-N)" in label for label in offered.values()), offered

    def test_a_dispute_s_new_party_is_told_apart_for_the_dispute_administrator_only(self):
        cases = DisputeCase.objects.filter(status__in=OPEN_STATES).order_by("pk")
        case = next(c for c in cases if people_of_case(c).exists() and parties_may_join(c))
        people = list(people_of_case(case).select_related("village"))
        url = reverse("disputes:case", args=[case.pk])
        self.client.force_login(self.litiges)
        offered = options(self.client.get(url).content.decode(), "party")
        assert set(offered) == {str(p.pk) for p in people}
        for person in people:
            born = "née" if person.sex == "F" else "né"
            label = f"{person.display_name} ({person.village.code}) — {born} en {person.birth_date.year}"
            assert offered[str(person.pk)] == f"{label} — pièce n°\u202f{person.id_document_number}"
        # The conciliation committee sees the records, not the personal data: no year of birth, no ID number.
        self.client.force_login(self.conciliation)
        offered = options(self.client.get(url).content.decode(), "party")
        assert offered == {str(p.pk): f"{p.display_name} ({p.village.code})" for p in people}
