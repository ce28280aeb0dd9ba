"""The API's agreement naming parties of the case known by name only as holders (a family that claims on the
case's claim, and persons) reads the groups claiming on the case's claims once, while the rows are validated
(api.holders._lookup), not again in the service for each party it registers: with one party named and with
four, the claimants' table is read the same number of times (it was one more read per party)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.disputes.cases.services import PartyInput
from landreg.parcels.services import parcel_record
from landreg.parties.models import Party
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.test_group_site_visit import FAMILY, family_claimants
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import square

PERSONS = [("ŊABA Ɓintu Fatɛ", "F"), ("KƆNƆ Ɛsi", "F"), ("ŊUMA Ɓila", "M")]


class AgreedHoldersReadOnceApiTests(DisputeTestCase):
    def case_naming(self, newcomers, east):
        """A case on a right of OUÉDRAOGO Aminata and on the family's claim beside it (``east``)."""
        parcel = parcel_record(village=self.village_a, geometry=square(east + 400, 0), survey_method="gps")
        right = right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(party=self.holder_a)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        claim = self.draft(east=east, claimants=family_claimants(), right_type="commonOwnership")
        case = self.file_case(
            subject=f"Part coutumière de la {FAMILY}",
            rights=[right],
            claims=[claim],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                *(PartyInput("claimant", name, sex) for name, sex in newcomers),
            ],
        )
        self.held_session(case)
        return case

    def claimant_reads(self, newcomers, east) -> int:
        """The statements reading the claimants' table while the agreement naming ``newcomers`` is posted."""
        case = self.case_naming(newcomers, east)
        share = f"1/{len(newcomers) + 1}"
        holders = [{"party": str(self.holder_a.pk), "share": share}]
        holders += [{"name": name, "sex": sex or "F", "share": share} for name, sex in newcomers]
        self.client.force_login(self.disputes)
        with CaptureQueriesContext(connection) as statements:
            response = self.client.post(
                f"/api/v1/disputes/{case.pk}/moves/agree/",
                {
                    "decided_on": dt.date.today().isoformat(),
                    "summary": "Les parts sont reconnues à chacun",
                    "signatures": "Empreintes des parties",
                    "change": "shares",
                    "change_data": {"holders": holders},
                },
                content_type="application/json",
            )
        assert response.status_code == 200, response.content
        assert all(case.parties.get(name=name).party_id for name, _sex in newcomers)
        return sum('"adjudication_claimant"' in q["sql"] for q in statements.captured_queries)

    def test_the_claiming_groups_are_read_once_for_one_party_and_for_many(self):
        one = self.claimant_reads([(FAMILY, "")], east=2000)
        many = self.claimant_reads([(FAMILY, ""), *PERSONS], east=4000)
        assert one == many, (one, many)
        family = Party.objects.filter(name=FAMILY).order_by("created_at").last()
        assert (family.kind, family.group_type) == ("group", "family")
