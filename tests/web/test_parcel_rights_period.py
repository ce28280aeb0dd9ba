"""The parcel page's rights table says each right's own period: a lease or a loan « du … jusqu’au … », a
holding « depuis le … ». The table named a lease without its dates: the clerk opened the extract to learn
until when the tenant may farm (real parcels of the Etalab cadastre, /work/shared/data)."""

import datetime as dt
import re
from html import unescape

from django.test import Client

from landreg.core import clock
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import party_create
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.real_parcels import etalab_geometries
from tests.base import RegistryTestCase, make_person

PARCEL = "91216000AC0053"


def rights_table(html: str) -> list[str]:
    table = html.split("<h2>Droits, restrictions et responsabilités</h2>")[1].split("</table>")[0]
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in table.split("<tr>")[2:]]


class ParcelRightsPeriodTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        geometry = etalab_geometries([PARCEL])[PARCEL]
        cls.land = parcel_record(
            village=cls.village_a, geometry=geometry, survey_method="gps", source_id=PARCEL
        )
        lineage = party_create(
            kind=PartyKind.GROUP, village=cls.village_a, name="Lignage Ɓɔɔ", group_type=GroupType.LINEAGE
        )
        right_register(
            parcel=cls.land, right_type="customaryType", holders=[HolderShare(lineage)],
            tenure_system="customary", legal_basis="Loi 034-2009/AN, art. 36",
            start_date=dt.date(2024, 4, 12),
        )  # fmt: skip
        cls.tenant = make_person(cls.village_a, "Sɔmda", "Ɛlise")
        cls.borrower = make_person(cls.village_a, "Zongo", "Ŋaaba", "M")

    def setUp(self):
        super().setUp()
        today = clock.today()
        self.lease_until = today + dt.timedelta(days=900)
        right_register(
            parcel=self.land, right_type="lease", holders=[HolderShare(self.tenant)], tenure_system="formal",
            legal_basis="Contrat de bail n° B-2026-003", start_date=today - dt.timedelta(days=30),
            end_date=self.lease_until,
        )  # fmt: skip
        self.loan_until = today + dt.timedelta(days=60)
        right_register(
            parcel=self.land, right_type="loan", holders=[HolderShare(self.borrower)],
            tenure_system="customary",
            legal_basis="Prêt coutumier devant le chef de terre", end_date=self.loan_until,
        )  # fmt: skip

    def test_a_lease_reads_from_its_start_until_its_end_and_a_holding_since_its_start(self):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.agent_a)
        response = browser.get(f"/parcels/{self.land.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "<th>Période</th>" in html
        rows = rights_table(html)
        start = clock.today() - dt.timedelta(days=30)
        lease = next(row for row in rows if "SƆMDA Ɛlise" in row)
        assert f"du {start:%d/%m/%Y} jusqu’au {self.lease_until:%d/%m/%Y}" in lease
        loan = next(row for row in rows if "ZONGO Ŋaaba" in row)
        assert f"jusqu’au {self.loan_until:%d/%m/%Y}" in loan and " du " not in loan
        holding = next(row for row in rows if "Lignage Ɓɔɔ" in row)
        assert "depuis le 12/04/2024" in holding

    def test_the_period_reads_in_english_too(self):
        browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        browser.force_login(self.agent_a)
        browser.cookies["django_language"] = "en"
        html = browser.get(f"/parcels/{self.land.pk}/").content.decode()
        assert f"until {self.loan_until:%d/%m/%Y}" in html and "since 12/04/2024" in html


def test_a_term_over_reads_ended_on():
    """Rights past their term are listed apart (past rights): a period read on a later day says it ended."""
    from django.utils import translation

    from landreg.rights.periods import period_said

    today = dt.date(2030, 6, 1)
    with translation.override("fr"):
        assert period_said(dt.date(2027, 1, 1), dt.date(2029, 12, 31), today=today) == (
            "du 01/01/2027, terminé le 31/12/2029"
        )
        assert period_said(None, dt.date(2029, 12, 31), today=today) == "terminé le 31/12/2029"
        assert period_said(None, None, today=today) == "—"
