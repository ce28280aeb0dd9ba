"""What `make demo` prints before serving (load_demo): who is who among the logins, each village's committee
against its quorum, and a claim to open at each step with the login that moves it on.

A visitor cannot take a fresh claim past the 45-day public notice: the demo holds a claim at every step
(landreg/demo/claims.py), and this guide says which one to open, as whom, and what to do there.
"""

from dataclasses import dataclass

from django.utils import translation

from landreg.accounts.models import User
from landreg.accounts.roles import Role
from landreg.adjudication.models import Claim, ClaimantRole
from landreg.adjudication.pages.move_forms import MOVE_LABELS
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.adjudication.states import ClaimState
from landreg.demo.claims import (
    CERTIFICATE,
    DEMO_CLAIMS,
    DISPUTE,
    NOTICE_ENDED,
    NOTICE_ENDED_OBJECTED,
    OBJECTION,
    SITE_VISIT,
    VOTE,
    DemoClaim,
)
from landreg.territory.models import AdministrativeUnit, UnitLevel

COMMITTEE_ROLES = (Role.COMMITTEE_MEMBER, Role.COMMITTEE_PRESIDENT)

# The steps in the procedure's order, as the guide lists them.
STEP_ORDER = [
    ClaimState.DRAFT,
    ClaimState.SUBMITTED,
    ClaimState.SCREENING,
    ClaimState.RETURNED,
    ClaimState.SITE_VERIFICATION,
    ClaimState.PUBLIC_NOTICE,
    NOTICE_ENDED,
    NOTICE_ENDED_OBJECTED,
    ClaimState.COMMITTEE_VALIDATION,
    ClaimState.AUTHORITY_APPROVAL,
    ClaimState.READY_FOR_CERTIFICATE,
]
STEP_SAID = {
    NOTICE_ENDED: "public notice ended",
    NOTICE_ENDED_OBJECTED: "notice ended, objection lodged",
}
# What the login does on the claim's page when it is not a move button.
PAGE_ACTIONS = {
    SITE_VISIT: "Record the site verification (the neighbours sign), then close it",
    VOTE: "Vote; then membre_centre3 votes and president_centre validates",
    OBJECTION: "Lodge an objection (the notice runs 45 days: it cannot be closed early)",
    DISPUTE: "Open the dispute case its objection opened and hold the conciliation",
    CERTIFICATE: "Open its certificate: print it, record its delivery",
}


@dataclass(frozen=True)
class Stop:
    demo: DemoClaim
    claim: Claim

    @property
    def step(self) -> str:
        return STEP_SAID.get(self.demo.target) or str(ClaimState(self.demo.target).label)

    @property
    def action(self) -> str:
        return PAGE_ACTIONS.get(self.demo.next_move) or str(MOVE_LABELS[self.demo.next_move])


def stops() -> list[Stop]:
    """The demo's claims in the procedure's order, each with the login and move its step waits for."""
    claims = {
        c.local_name: c for c in Claim.objects.filter(village__code="SAB-C", purpose="first_registration")
    }
    ordered = sorted(DEMO_CLAIMS, key=lambda d: STEP_ORDER.index(d.target))
    return [Stop(demo, claims[demo.field_name]) for demo in ordered if demo.field_name in claims]


def committees() -> list[tuple[AdministrativeUnit, int | None, list[User]]]:
    """Each demo village, its committee's quorum and the committee's logins (members and president)."""
    found = []
    for village in AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE).order_by("code"):
        try:
            quorum = profile_for(village).quorum_min_votes
        except NoProcedureError:
            quorum = None
        members = User.objects.filter(
            role_assignments__unit=village, role_assignments__role__in=COMMITTEE_ROLES
        ).order_by("username")
        found.append((village, quorum, list(members.distinct())))
    return found


def guide_lines(users, password: str) -> list[str]:
    """The guide in English, as the README that explains it (the registry's own words are French by default,
    and a French label amid English lines read as neither)."""
    with translation.override("en"):
        return _lines(users, password)


def _lines(users, password: str) -> list[str]:
    lines = [f"Demo logins (password for all: {password}):"]
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in={row[2] for row in users})}
    for username, role, unit, first, last in users:
        lines.append(f"  {username:<18} {first} {last}, {Role(role).label} — {units[unit].name} ({unit})")
    lines.append("\nVillage committees (each member votes, the president too; the president validates):")
    for village, quorum, members in committees():
        names = ", ".join(m.username for m in members)
        lines.append(f"  {village.name} ({village.code}): quorum {quorum} votes — {names}")
    found = stops()
    if found:
        lines.append("\nA claim at each step (Demandes, or /adjudication/claims/<id>/), and who moves it on:")
        for stop in found:
            claimant = stop.claim.claimants.filter(role=ClaimantRole.HOLDER).first().public_name
            lines.append(
                f"  {stop.step:<32} {claimant:<24} {stop.demo.login:<17} {stop.action}"
                f"  /adjudication/claims/{stop.claim.pk}/"
            )
    return lines
