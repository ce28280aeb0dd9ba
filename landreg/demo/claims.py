"""The demo's claims in Sabtenga-Centre: who claims, the step each one waits at, and how long ago.

Read by the `load_adjudication_demo` command, which lodges them, and by `load_disputes_demo`, which lodges the
objection of the claim held for it. Dates are counted back from the day the demo is loaded, so that whatever
the day, each claim waits at its step: a notice still running (objections still received), notices whose
window has ended (the registrar closes them at once), a vote, an approval.
"""

import datetime as dt
from dataclasses import dataclass

from landreg.adjudication.states import ClaimState

# Targets beyond the states: under public notice with its window ended, for the registrar to close at once; or
# ended likewise, with an objection lodged in time (load_disputes_demo) that waits for the conciliation
# committee, after which the registrar closes the notice and the village committee votes.
NOTICE_ENDED = "notice_ended"
NOTICE_ENDED_OBJECTED = "notice_ended_objected"


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
    DemoClaim("Yaméogo", "Boureima", "M", ClaimState.COMMITTEE_VALIDATION, "membre_centre2", VOTE),
    DemoClaim("Bationo", "Alice", "F", ClaimState.AUTHORITY_APPROVAL, "maire", "authority_approve"),
    DemoClaim("Zoungrana", "Moussa", "M", ClaimState.RETURNED, "agent_centre", "submit"),
    DemoClaim("Kaboré", "Aïssata", "F", ClaimState.READY_FOR_CERTIFICATE, "guichet", CERTIFICATE),
    DemoClaim("Ouédraogo", "Ɓintou", "F", ClaimState.DRAFT, "agent_centre", "submit"),
    DemoClaim("Sawadogo", "Hamidou", "M", ClaimState.SUBMITTED, "guichet", "screening_start"),
    DemoClaim("Tapsoba", "Mariétou", "F", ClaimState.SCREENING, "guichet", "screening_accept"),
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


def civil_status(last_name: str) -> dict:
    """What the form records of a demo claimant, so their certificate prints it rather than "—"."""
    n = [c.last_name for c in DEMO_CLAIMS].index(last_name) + 1
    sex = DEMO_CLAIMS[n - 1].sex
    return {
        "birth_date": dt.date(1960 + 3 * n, 1 + n % 12, 2 + n),
        "birth_place": ("Koudougou", "Réo", "Sabou", "Ténado")[n % 4],
        "id_document_type": "national_id",
        "id_document_number": f"B{20_000_000 + n * 104_729}",  # apart from load_demo's numbers
        "profession": (("cultivatrice", "maraîchère") if sex == "F" else ("éleveur", "cultivateur"))[n % 2],
        "domicile": "Sabtenga-Centre",
    }
