"""The public notice board reads as many statements for five changes under notice as for one. A change that
names no new holders (a correction, a split) is posted with the holders of the rights in force on its
parcels: they were read one parcel, one right and one holder at a time (statements per row and holder)."""

import html

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.states import ClaimState
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import square


class NoticeBoardStatementsTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The commune's procedure posts corrections (the generic one puts none through a step): a wrong place
        # name on the register is corrected in public.
        steps = {**cls.profile.change_steps, "correction": ["public_notice", "authority_approval"]}
        cls.profile.change_steps = steps
        cls.profile.save(update_fields=["change_steps"])

    def corrections_on_notice(self, village, count: int, north: int) -> list[str]:
        """``count`` parcels of ``village``, each held by a lineage of two and two people, each with a
        correction of its place name under notice; the names the board must show."""
        names = []
        for i in range(count):
            tag = f"{village.code}{i}"
            lineage = party_create(
                kind=PartyKind.GROUP, village=village, name=f"Lignage Ɓɔɔ {tag}", group_type=GroupType.LINEAGE
            )
            members = [
                make_person(village, "Ɓɔɔ", f"Ɛlisabɛt {tag}"),
                make_person(village, "Ɓɔɔ", f"Issa {tag}", "M"),
            ]
            group_set_members(
                group=lineage,
                members=[
                    MemberShare(member=m, share="1/2", is_mandatary=n == 0) for n, m in enumerate(members)
                ],
            )
            people = [
                make_person(village, "Ŋaba", f"Kɔnɛ {tag}"),
                make_person(village, "Kaboré", f"Salif {tag}", "M"),
            ]
            parcel = parcel_record(village=village, geometry=square(300 * i, north), survey_method="gps")
            right_register(
                parcel=parcel,
                right_type="customaryType",
                holders=[HolderShare(party=p, share="1/3") for p in (lineage, *people)],
                tenure_system="customary",
                legal_basis="Loi 034-2009/AN, art. 36",
            )
            application = change_draft(
                actor=self.registrar,
                kind="correction",
                parcels=[parcel],
                data={"reason": "Erreur de saisie du lieu-dit", "changes": {"local_name": f"Ɓaŋre {tag}"}},
            )
            self.walk_to(application, ClaimState.PUBLIC_NOTICE)
            names += [lineage.display_name, *(p.display_name for p in people)]
        return names

    def board(self, village) -> tuple[int, str]:
        self.client.logout()
        address = f"/adjudication/affichage/{village.code}/"
        self.client.get(address)  # the process's caches
        with CaptureQueriesContext(connection) as read:
            response = self.client.get(address)
        assert response.status_code == 200
        return len(read), html.unescape(response.content.decode())

    def test_the_board_reads_as_many_statements_for_five_changes_as_for_one(self):
        self.corrections_on_notice(self.village_a, 1, north=6000)
        names = self.corrections_on_notice(self.village_b, 5, north=3000)
        one, _page = self.board(self.village_a)
        five, page = self.board(self.village_b)
        assert page.count("rectification d’erreur") == 5
        missing = [name for name in names if name not in page]
        assert not missing, missing
        assert five == one, (one, five)
