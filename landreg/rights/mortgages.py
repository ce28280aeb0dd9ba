"""Mortgages (hypothèques) as the register keeps and says them: a ``mortgage`` restriction whose one holder is
the creditor, with its terms (``MortgageTerms``: amount, currency, deed date, release).

The mortgage follows the land, not the holder: a sale or an inheritance of the right leaves the restriction on
the parcel (the buyer takes mortgaged land), and a split carries it onto every part (``terms_carry``), as a
lease is carried; the creditor keeps its security on all the land it was given."""

import datetime as dt

from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from landreg.core.formats.pdf import number_in_language
from landreg.parties.models import display_name_of
from landreg.rights.models import Currency, MortgageTerms, Right, in_force_on

MORTGAGE = "mortgage"


def mortgages_in_force(on: dt.date):
    """The mortgages in force on ``on`` (rights.models.in_force_on), every parcel's: a caller filters."""
    return Right.objects.filter(in_force_on(on), right_type_id=MORTGAGE)


def terms_carry(*, old: Right, new: Right) -> None:
    """The terms of ``old`` (a mortgage carried onto ``new``, a part of a split parcel), if it has any: its
    amount, its deed (the date, and the papers filed for it) and the moment it was first inscribed, which
    the part's pages say rather than the day of the split."""
    terms = MortgageTerms.objects.filter(right=old).first()
    if terms is not None:
        MortgageTerms.objects.create(
            right=new,
            amount=terms.amount,
            currency=terms.currency,
            deed_date=terms.deed_date,
            registered_at=terms.registered_at,
        )
        new.sources.add(*old.sources.all())


def amount_said(amount, currency: str) -> str:
    """« 2 500 000 FCFA » (French grouping with narrow no-break spaces), « 2,500,000 FCFA » in English."""
    return f"{number_in_language(float(amount))}\u00a0{Currency(currency).label}"


def mortgage_said(*, creditor: str, registered_on: dt.date) -> str:
    """The line a parcel's page prints for a mortgage in force."""
    return _("Mortgage in favour of %(creditor)s registered on %(date)s") % {
        "creditor": creditor,
        "date": f"{registered_on:%d/%m/%Y}",
    }


def until_said(end_date: dt.date | None) -> str:
    return f"{end_date:%d/%m/%Y}" if end_date else _("until repayment")


def mortgages_said(*, parcel_id, on: dt.date) -> list[str]:
    """The lines of the parcel's mortgages in force on ``on`` (its staff pages: the certificate's), in one
    statement: « Hypothèque au profit de … inscrite le … — 2 500 000 FCFA, jusqu’au remboursement »."""
    rows = (
        mortgages_in_force(on)
        .filter(parcel_id=parcel_id)
        .order_by("mortgage__registered_at", "pk")
        .values_list(
            "mortgage__registered_at",
            "end_date",
            "mortgage__amount",
            "mortgage__currency",
            "holders__party__kind",
            "holders__party__last_name",
            "holders__party__first_names",
            "holders__party__name",
        )
    )
    return [
        mortgage_line(display_name_of(kind, last, first, name), begin, end, amount, currency)
        for begin, end, amount, currency, kind, last, first, name in rows
        if amount is not None
    ]


def mortgage_line(creditor: str, registered_at: dt.datetime, end_date, amount, currency: str) -> str:
    """« Hypothèque au profit de … inscrite le … — 2 500 000 FCFA, jusqu’au remboursement »."""
    said = mortgage_said(creditor=creditor, registered_on=localtime(registered_at).date())
    return f"{said} — {amount_said(amount, currency)}, {until_said(end_date)}"
