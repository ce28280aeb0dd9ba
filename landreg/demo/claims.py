"""The demo's claims in Sabtenga-Centre: who claims, the step each one waits at, and how long ago.

Read by the `load_adjudication_demo` command, which lodges them, and by `load_disputes_demo`, which lodges the
objection of the claim held for it. Dates are counted back from the day the demo is loaded, so that whatever
the day, each claim waits at its step: a notice still running (objections still received), notices whose
window has ended (the registrar closes them at once), a vote, an approval.
"""

import datetime as dt
from dataclasses import dataclass

from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.demo.elision import of

# Targets beyond the states: under public notice with its window ended, for the registrar to close at once; or
# ended likewise, with an objection lodged in time (load_disputes_demo) that waits for the conciliation
# committee, after which the registrar closes the notice and the village committee votes.
NOTICE_ENDED = "notice_ended"
NOTICE_ENDED_OBJECTED = "notice_ended_objected"

# How a demo claimant is named on the claim, as the agent's form allows: a person typed with the civil status
# the form asks (registered as a person on approval), a person already in the register (chosen on the form),
# a family claiming as a collective holding (its mandatary and members with their shares, and the mandate), or
# a child named with her legal representative.
TYPED, REGISTERED, FAMILY, MINOR = "typed", "registered", "family", "minor"


@dataclass(frozen=True)
class DemoClaim:
    last_name: str
    first_names: str
    sex: str
    target: str  # a ClaimState, or one of the targets above
    # Who moves it on, and how (a move of transitions.ALLOWED_MOVES, or one of the page's forms below): the
    # guide `make demo` prints and the README's say which claim to open at each step, as which login.
    login: str
    next_move: str
    # Days from the notice's end to the day the demo is loaded, for a claim past its notice's start. A few
    # days, not one: the window ended before « today » in any time zone the demo is loaded and served in.
    ended_days_ago: int = 3
    holding: str = TYPED

    @property
    def field_name(self) -> str:
        """The place's name the agent writes (« Champ de Boureima »): how the guide finds the claim again."""
        return f"Champ {of(self.first_names)}"


# The next moves made through a form of the claim's page rather than a move button: the site visit's record,
# a vote, an objection during the notice; the dispute case its objection opened; the certificate issued.
SITE_VISIT, VOTE, OBJECTION, DISPUTE, CERTIFICATE = (
    "site_visit",
    "vote",
    "objection",
    "dispute",
    "certificate",
)

DEMO_CLAIMS = [
    DemoClaim("Compaoré", "Fatimata", "F", ClaimState.PUBLIC_NOTICE, "agent_centre", OBJECTION),
    DemoClaim(
        "Yaméogo", "Boureima", "M", ClaimState.COMMITTEE_VALIDATION, "membre_centre2", VOTE, holding=FAMILY
    ),
    DemoClaim("Bationo", "Alice", "F", ClaimState.AUTHORITY_APPROVAL, "maire", "authority_approve"),
    DemoClaim("Zoungrana", "Moussa", "M", ClaimState.RETURNED, "agent_centre", "submit"),
    DemoClaim("Kaboré", "Aïssata", "F", ClaimState.READY_FOR_CERTIFICATE, "guichet", CERTIFICATE),
    DemoClaim("Ouédraogo", "Ɓintou", "F", ClaimState.DRAFT, "agent_centre", "submit", holding=MINOR),
    DemoClaim("Sawadogo", "Hamidou", "M", ClaimState.SUBMITTED, "guichet", "screening_start"),
    DemoClaim(
        "Tapsoba", "Mariétou", "F", ClaimState.SCREENING, "guichet", "screening_accept", holding=REGISTERED
    ),
    DemoClaim("Ilboudo", "Paŋgnéwendé", "M", ClaimState.SITE_VERIFICATION, "president_centre", SITE_VISIT),
    DemoClaim("Nikièma", "Rasmata", "F", NOTICE_ENDED, "guichet", "notice_close"),
    DemoClaim("Sana", "Wɛndkuuni", "F", NOTICE_ENDED_OBJECTED, "conciliation", DISPUTE, ended_days_ago=10),
]

# The claim the demo's objection is lodged against (load_disputes_demo), by its claimant's last name.
OBJECTED = next(c.last_name for c in DEMO_CLAIMS if c.target == NOTICE_ENDED_OBJECTED)

# Targets reached before the notice ends: such claims are lodged on the day the demo is loaded.
BEFORE_NOTICE_ENDS = {
    ClaimState.DRAFT,
    ClaimState.SUBMITTED,
    ClaimState.SCREENING,
    ClaimState.RETURNED,
    ClaimState.SITE_VERIFICATION,
    ClaimState.PUBLIC_NOTICE,
}


# The family claiming together: the mandatary is the claim's own claimant (DemoClaim), the others are his
# mother, widowed, and his sister; (first names, sex, share, birth year).
FAMILY_MEMBERS = [("Boureima", "M", "1/2", 1976), ("Awa", "F", "1/4", 1951), ("Salimata", "F", "1/4", 1984)]
# The child's age the day the demo is loaded, and who acts for her: her mother, by law.
MINOR_AGE = 15
MINOR_REPRESENTATIVE = {"representative_name": "OUÉDRAOGO Habibou", "representative_basis": "mother"}


def civil_status(last_name: str) -> dict:
    """What the form records of a demo claimant, so their certificate prints it rather than "—"; a child's
    birth certificate, her age counted from today, and her legal representative."""
    n = [c.last_name for c in DEMO_CLAIMS].index(last_name) + 1
    demo = DEMO_CLAIMS[n - 1]
    sex = demo.sex
    if demo.holding == MINOR:
        born = clock.today().replace(month=3, day=8, year=clock.today().year - MINOR_AGE - 1)
        return {
            "birth_date": born,
            "birth_place": "Sabtenga-Centre",
            "id_document_type": "birth_certificate",
            "id_document_number": f"AN-{born.year}-{n:04d}",
            "profession": "cultivatrice",  # she farms her late father's field with her mother
            "domicile": "Sabtenga-Centre",
            **MINOR_REPRESENTATIVE,
        }
    return {
        "birth_date": dt.date(1960 + 3 * n, 1 + n % 12, 2 + n),
        "birth_place": ("Koudougou", "Réo", "Sabou", "Ténado")[n % 4],
        "id_document_type": "national_id",
        "id_document_number": f"B{20_000_000 + n * 104_729}",  # apart from load_demo's numbers
        "profession": (("cultivatrice", "maraîchère") if sex == "F" else ("éleveur", "cultivateur"))[n % 2],
        "domicile": "Sabtenga-Centre",
    }
