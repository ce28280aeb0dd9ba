"""The parcel page of a right held by children reads one statement more than a page of adults, whatever the
number of children: the profile's age of majority, read once (web.parcels.page.majority_age_reader), only when
a holder shown is younger than any profile's; each child's birth date and legal representative come in the
page's one statement of rights and holders. Counted as tests/web/test_statements_do_not_grow.py counts: the
page opened once for the process's caches, then measured.

The clock stands at 7 January 2030 (tests.adjudication.helpers.START)."""

import datetime as dt
import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.parcels.services import parcel_record
from landreg.parties.services import representation_record
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import square

FIRST_NAMES = ("Ɓintou", "Ŋaba", "Kɔnɛ Salif", "Ɓukari", "Ŋani")


class MinorHoldersStatementsTests(AdjudicationTestCase):
    def family_field(self, east: int, born: list[dt.date]):
        """A field held by a widow and her children born on ``born`` (one in two represented by her)."""
        mother = make_person(self.village_a, "Ŋaba", f"Fatɛ Awa {east}", "F", birth_date=dt.date(1988, 5, 2))
        children = [
            make_person(self.village_a, "Ŋaba", f"{FIRST_NAMES[n]} {east}", "FM"[n % 2], birth_date=day)
            for n, day in enumerate(born)
        ]
        for child in children[::2]:
            representation_record(person=child, representative_name=mother.display_name, basis="mother")
        parcel = parcel_record(village=self.village_a, geometry=square(east, 0), survey_method="gps")
        share = f"1/{len(children) + 1}"
        right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(person, share) for person in (mother, *children)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        return parcel, children

    def statements(self, parcel) -> tuple[int, str]:
        address = f"/parcels/{parcel.pk}/"
        self.client.get(address)  # the process's caches: permissions kept, content types
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(address, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        # The words as read: the names are links to the people's pages.
        return len(captured), " ".join(
            html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split()
        )

    def test_five_minor_holders_read_one_statement_more_than_adults_as_one_does(self):
        self.client.force_login(self.registrar)
        adults, _grown = self.family_field(0, [dt.date(1990 + n, 1, 1) for n in range(5)])
        one, (child,) = self.family_field(300, [dt.date(2019, 3, 4)])
        five, children = self.family_field(600, [dt.date(2012 + n, 6, 30) for n in range(5)])
        count_adults, page = self.statements(adults)
        assert "mineur" not in page
        count_one, page = self.statements(one)
        assert f"{child.display_name} (mineure, représentée par ŊABA Fatɛ Awa 300 (mère))" in page
        count_five, page = self.statements(five)
        assert all(f"{c.display_name} (mineur" in page for c in children)
        assert page.count("sans représentant légal enregistré") == 2
        assert (count_one, count_five) == (count_adults + 1, count_adults + 1)

    def test_the_age_of_majority_read_in_one_statement_is_the_communes_profiles(self):
        self.client.force_login(self.registrar)
        parcel, (young,) = self.family_field(0, [dt.date(2010, 6, 30)])  # nineteen
        assert "mineur" not in self.statements(parcel)[1]
        self.profile.majority_age = 21  # the profile assigned to the commune (tests.adjudication.helpers)
        self.profile.save(update_fields=["majority_age"])
        assert (
            f"{young.display_name} (mineure, représentée par ŊABA Fatɛ Awa 0 (mère))"
            in self.statements(parcel)[1]
        )
