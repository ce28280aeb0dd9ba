"""The cast of the mortgage tests: a microfinance institution of village A and a mortgage's terms."""

import datetime as dt
from decimal import Decimal

from landreg.adjudication.claims.services import ClaimantInput
from landreg.parties.models import PartyKind
from landreg.parties.services import party_create

CREDITOR_NAME = "Caisse populaire Ɓaŋré de Tanghin"
DEED = "Acte d’affectation hypothécaire n° H-2030-014"


def creditor_of(village):
    return party_create(kind=PartyKind.NON_NATURAL, village=village, name=CREDITOR_NAME)


def terms(**changes) -> dict:
    """What ``mortgage_register`` is given besides the parcel, creditor and actor."""
    return {
        "amount": Decimal("2500000"),
        "currency": "XOF",
        "deed_reference": DEED,
        "deed_date": dt.date(2030, 1, 3),
        "start_date": dt.date(2030, 1, 3),
        "end_date": None,
        **changes,
    }


def application_data(**changes) -> dict:
    """What ``change_draft`` is given in ``data`` for a mortgage."""
    return {
        "reason": "Crédit de campagne agricole",
        "legal_basis": DEED,
        "amount": "2500000",
        "currency": "XOF",
        "deed_date": "2030-01-03",
        "start_date": "2030-01-03",
        **changes,
    }


def creditor_input(party=None) -> ClaimantInput:
    return ClaimantInput(kind=PartyKind.NON_NATURAL, name="" if party else CREDITOR_NAME, party=party)
