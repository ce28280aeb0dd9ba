"""The legal basis of a right the registry begins itself: an inheritance's, a court judgment's, a
conciliation agreement's.

A right taken by inheritance or by a court's judgment carried the legal basis of the right it replaced (the
law of the first registration, « Loi n°034-2009/AN … »): its certificate and the extract said nothing of the
succession or of the judgment it rests on. It now says them: « Succession de OUÉDRAOGO Aminata, attestation
coutumière n° AC-12 du 05/01/2030 », « Jugement n° 12/2030 du Tribunal de grande instance de Koudougou du
14/05/2030 ».

The registry keeps the sentence as its English message with its values (core.stored_messages, as a
transfer's description), the paper's kind too, and says it in the reader's language wherever it shows
(``legal_basis_said``): a legal basis a person typed (a lease's contract, a profile's law) is shown as it is.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

from landreg.core.stored_messages import LABELLED_VALUES, message_said
from landreg.documents.models import SourceType

INHERITED = gettext_noop("Inheritance from %(deceased)s, %(paper)s no. %(reference)s of %(date)s")
INHERITED_UNNUMBERED = gettext_noop("Inheritance from %(deceased)s, %(paper)s of %(date)s")
INHERITED_RECORDED = gettext_noop("Inheritance from %(deceased)s, recorded on %(date)s")
JUDGED = gettext_noop("Judgment no. %(reference)s of the %(court)s of %(date)s")
JUDGED_UNNUMBERED = gettext_noop("Judgment of the %(court)s of %(date)s")
AGREED = gettext_noop("Conciliation agreement of %(date)s, case %(number)s")

# The papers that prove a succession, the strongest first, each named by its word in the basis.
SUCCESSION_PAPERS = {
    SourceType.COURT_DECISION: gettext_noop("court decision"),
    SourceType.DEED: gettext_noop("deed"),
    SourceType.CUSTOMARY_ATTESTATION: gettext_noop("customary attestation"),
}


def register_labelled_values() -> None:
    """The paper's kind in an inheritance's basis is said in the reader's language too (rights.apps)."""
    LABELLED_VALUES[INHERITED] = frozenset({"paper"})
    LABELLED_VALUES[INHERITED_UNNUMBERED] = frozenset({"paper"})


def _day(date: dt.date) -> str:
    return date_format(date, "d/m/Y")


def _kept(message: str, values: dict) -> str:
    with translation.override("en"):
        return message % values


def inheritance_basis(*, deceased: Sequence[str], documents: Iterable, recorded_on: dt.date) -> str:
    """The basis of a right taken by inheritance from ``deceased`` (their names), proved by the strongest
    paper among ``documents`` (a judgment, a deed, a customary attestation), else dated the day recorded."""
    # « & » between names: a comma would read as the end of the names when the sentence is said again.
    names = " & ".join(deceased)
    papers = {source.source_type: source for source in documents}
    paper = next((papers[kind] for kind in SUCCESSION_PAPERS if kind in papers), None)
    if paper is None:
        return _kept(INHERITED_RECORDED, {"deceased": names, "date": _day(recorded_on)})
    values = {
        "deceased": names,
        "paper": SUCCESSION_PAPERS[paper.source_type],
        "date": _day(paper.document_date),
    }
    if paper.reference.strip():
        return _kept(INHERITED, {**values, "reference": paper.reference.strip()})
    return _kept(INHERITED_UNNUMBERED, values)


def judgment_basis(*, reference: str, court: str, decided_on: dt.date) -> str:
    """The basis of a right a court's judgment gives (its number, the court, its day)."""
    values = {"court": court, "date": _day(decided_on)}
    if reference.strip():
        return _kept(JUDGED, {**values, "reference": reference.strip()})
    return _kept(JUDGED_UNNUMBERED, values)


def agreement_basis(*, decided_on: dt.date, case_number: str) -> str:
    """The basis of a right a conciliation agreement gives (its day, the case)."""
    return _kept(AGREED, {"date": _day(decided_on), "number": case_number})


def legal_basis_said(text: str) -> str:
    """A right's legal basis in the reader's language: the registry's sentence said again, a basis a person
    typed as it is."""
    return message_said(text)
