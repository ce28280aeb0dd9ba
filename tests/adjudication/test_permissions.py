"""Each step is open only to the right role of the right village or commune: the whole matrix.

For every move and every state it starts from, each member of the cast either holds the move (it is offered
to them) or is refused with PermissionDeniedError and the claim is left as it was.
"""

import datetime as dt

from landreg.accounts.roles import Role
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.states import ClaimState
from landreg.core.exceptions import PermissionDeniedError
from tests.adjudication.helpers import AdjudicationTestCase, make_user

S = ClaimState
# permission -> the cast members who hold it on village A (directly or through the commune)
HOLDERS = {
    "record_claims": {"agent_a"},
    "screen_claims": {"registrar"},
    "preside_committee": {"president_a"},
    "approve_claims": {"mayor"},
    "manage_disputes": {"disputes"},
}
ARGUMENTS = {"reasons": "x", "reason": "x", "code": "other", "note": "x", "new_end": dt.date(2099, 1, 1)}


class PermissionMatrixTests(AdjudicationTestCase):
    profile_code = "bf-apfr"  # the president's signature is required
    HOLDERS = HOLDERS

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.president_b = make_user("president_b", Role.COMMITTEE_PRESIDENT, cls.village_b)
        cls.registrar_b = make_user("registrar_b", Role.REGISTRAR, cls.village_b)

    def cast(self):
        return [
            self.agent_a,
            self.member_a,
            self.president_a,
            self.registrar,
            self.mayor,
            self.disputes,
            self.agent_b,
            self.president_b,
            self.registrar_b,
            self.stranger,
        ]

    def claims_in_every_state(self):
        claims = {S.DRAFT: self.draft(east=100)}
        claims[S.SUBMITTED] = self.submitted(self.draft(east=300))
        screening = self.submitted(self.draft(east=500))
        claims[S.SCREENING] = t.screening_start(claim=screening, actor=self.registrar)
        for east, state in [
            (700, S.SITE_VERIFICATION),
            (900, S.PUBLIC_NOTICE),
            (1100, S.COMMITTEE_VALIDATION),
            (1300, S.AUTHORITY_APPROVAL),
        ]:
            claims[state] = self.walk_to(self.draft(east=east), state)
        returned = self.submitted(self.draft(east=1500))
        t.screening_start(claim=returned, actor=self.registrar)
        claims[S.RETURNED] = t.screening_return(claim=returned, actor=self.registrar, reasons="x")
        frozen = self.submitted(self.draft(east=1700))
        claims[S.FROZEN] = t.claim_freeze(claim=frozen, actor=self.disputes, reason="x")
        return claims

    def test_every_move_is_open_only_to_its_role_on_its_village(self):
        claims = self.claims_in_every_state()
        checked = 0
        for move, starts in t.ALLOWED_MOVES.items():
            for state in starts:
                claim = claims[state]
                claim.refresh_from_db()
                codename = t.permission_for(move, claim)
                for user in self.cast():
                    may = user.username in self.HOLDERS[codename]
                    with self.subTest(move=move, state=state, user=user.username):
                        assert (move in t.allowed_moves_for(user, claim)) == may
                        if not may:
                            with self.assertRaises(PermissionDeniedError):
                                t.move_run(claim=claim, move=move, actor=user, values=ARGUMENTS)
                            claim.refresh_from_db()
                            assert claim.state == state
                    checked += 1
        assert checked == 10 * sum(len(s) for s in t.ALLOWED_MOVES.values())

    def test_claims_of_village_a_are_invisible_to_the_people_of_village_b(self):
        from landreg.adjudication.selectors import claim_queue, claims_visible_to

        claim = self.submitted(self.draft())
        assert list(claims_visible_to(self.agent_b)) == []
        assert list(claims_visible_to(self.stranger)) == []
        assert list(claim_queue(self.registrar_b, "screening")) == []
        assert list(claim_queue(self.registrar, "screening")) == [claim]
        assert list(claim_queue(self.agent_a, "mine")) == [claim]


class ChangePermissionMatrixTests(PermissionMatrixTests):
    """The same matrix for applications for later changes: the land office lodges, submits and withdraws
    them (``record_transactions``); the other steps belong to the same roles as for a first claim."""

    HOLDERS = {**HOLDERS, "record_transactions": {"registrar"}}

    def application_on(self, east: int, kind: str = "inheritance"):
        import json

        from landreg.adjudication.changes.applications import change_draft
        from landreg.adjudication.claims.services import ClaimantInput
        from tests.base import make_person
        from tests.geometries import square

        parcel = self.parcel_held(east, 2000)
        right = parcel.rights.current().get()
        if kind == "split":
            halves = [square(east, 2000, 50).union(square(east, 2050, 50))]
            halves.append(square(east + 50, 2000, 50).union(square(east + 50, 2050, 50)))
            return change_draft(
                actor=self.registrar,
                kind="split",
                parcels=[parcel],
                data={"reason": "Partage", "parts": [json.loads(h.geojson) for h in halves]},
            )
        return change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=right,
            new_holders=[ClaimantInput(party=make_person(self.village_a, "Heir", str(east)))],
            data={"reason": "Décès"},
        )

    def claims_in_every_state(self):
        claims = {S.DRAFT: self.application_on(100)}
        claims[S.SUBMITTED] = self.submitted(self.application_on(300))
        claims[S.SCREENING] = t.screening_start(
            claim=self.submitted(self.application_on(500)), actor=self.registrar
        )
        claims[S.SITE_VERIFICATION] = self.walk_to(self.application_on(700, "split"), S.SITE_VERIFICATION)
        for east, state in [
            (900, S.PUBLIC_NOTICE),
            (1100, S.COMMITTEE_VALIDATION),
            (1300, S.AUTHORITY_APPROVAL),
        ]:
            claims[state] = self.walk_to(self.application_on(east), state)
        returned = t.screening_start(claim=self.submitted(self.application_on(1500)), actor=self.registrar)
        claims[S.RETURNED] = t.screening_return(claim=returned, actor=self.registrar, reasons="x")
        frozen = self.submitted(self.application_on(1700))
        claims[S.FROZEN] = t.claim_freeze(claim=frozen, actor=self.disputes, reason="x")
        assert all(c.is_change for c in claims.values())
        return claims
