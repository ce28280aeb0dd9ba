"""An application for a change as its page says it: each correction by the name of the field corrected and the
value as the register will read it, a lease's period as dates of the page's language, a mortgage's amount
as a sum of its currency.

The application keeps what was asked as data (``Claim.change_data``: field names, ISO dates): the page said
« first_names : Ŋaaba Tɛnɛ » and « Contrat de bail n° B-2026-003 (2026-12-01 – 2029-11-30) » (found on the
walk of a correction and a lease at the desk).
"""

import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from landreg.adjudication.changes.applications import change_data_for
from landreg.adjudication.states import ClaimPurpose
from landreg.parcels.models import Parcel
from landreg.parties.models import Party
from landreg.rights.models import Currency
from landreg.rights.mortgages import amount_said


def _day(value):
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _said(model, name: str, value) -> tuple[str, str]:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name, str(value)
    if name == "geometry":
        return str(field.verbose_name), _("a new boundary")
    if field.choices and value != "***":
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(value, bool):
        value = _("yes") if value else _("no")
    elif name.endswith("_date") and _day(value):
        value = _day(value).strftime("%d/%m/%Y")
    return str(field.verbose_name), str(value)


def change_details(claim, *, personal: bool) -> dict:
    """``change_data_for`` (personal data masked without the right) with ``corrections`` as (field's name,
    value) pairs and the period's ``start_date`` and ``end_date`` as dates."""
    data = change_data_for(claim, personal=personal)
    model = Party if claim.subject_party_id else Parcel
    changes = data.get("changes")
    data["corrections"] = (
        [_said(model, name, value) for name, value in changes.items()] if isinstance(changes, dict) else []
    )
    data["start_date"], data["end_date"] = _day(data.get("start_date")), _day(data.get("end_date"))
    if claim.purpose == ClaimPurpose.MORTGAGE:  # what the land secures, and the deed's own date
        data["deed_date"] = _day(data.get("deed_date"))
        amount, currency = data.get("amount"), data.get("currency")
        data["amount_said"] = (
            amount_said(amount, currency) if amount and currency in Currency.values else amount or ""
        )
    return data
