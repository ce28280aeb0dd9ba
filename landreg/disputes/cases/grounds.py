"""The grounds of a case opened by a neighbour's disagreement at the site verification: the registry writes
them (one line per person who disagreed, with their remark), so they are kept as the registry's messages, in
English, and said in the reader's language wherever they show (core.stored_messages). They were written in
the language of whoever recorded the site visit: a French desk's case read French on an English page.

A remark is what the committee typed, kept as typed, or one the site visit's form proposed (« membre de … »),
itself said in the reader's language (adjudication.site.remarks). Grounds written before as « name: remark »
read through the same sentence."""

from django.utils import translation
from django.utils.translation import gettext_noop

from landreg.adjudication.site.remarks import remark_said
from landreg.core.stored_messages import message_said_among
from landreg.disputes.states import DisputeOrigin

DISAGREES = gettext_noop("%(name)s disagrees with the limits")
DISAGREES_SAYING = gettext_noop("%(name)s disagrees with the limits: %(remark)s")
_LINES = (DISAGREES_SAYING, DISAGREES)  # the longer first: it is the one a remark follows


def disagreement_grounds(disagreeing) -> str:
    """The grounds as the case keeps them: a line for each attendee who disagreed (``name``, ``remark`` as the
    site record keeps it), in English."""
    lines = []
    with translation.override("en"):
        for attendee in disagreeing:
            name, remark = " ".join(attendee.name.split()), " ".join((attendee.remark or "").split())
            said = {"name": name, "remark": remark}
            lines.append(DISAGREES_SAYING % said if remark else DISAGREES % said)
    return "\n".join(lines)


def _kept_as_a_sentence(line: str) -> bool:
    """Whether ``line`` is one of the sentences, in English or in French: one reads differently in each."""
    with translation.override("en"):
        english = message_said_among(line, _LINES)
    with translation.override("fr"):
        return message_said_among(line, _LINES) != english


def _line_said(line: str) -> str:
    if not line.strip() or _kept_as_a_sentence(line):
        return message_said_among(line, _LINES, values_said={"remark": remark_said})
    # Written before as « name: remark » (or the name alone), in the recorder's language.
    name, colon, remark = line.partition(": ")
    if colon:
        return translation.gettext(DISAGREES_SAYING) % {"name": name, "remark": remark_said(remark)}
    return translation.gettext(DISAGREES) % {"name": line.strip()}


def grounds_said(case) -> str:
    """The case's grounds in the active language: a site-visit disagreement's said again line by line; any
    other case's as typed (an objection's, a case opened by hand)."""
    if case.origin != DisputeOrigin.SITE_VISIT or not case.grounds:
        return case.grounds
    return "\n".join(_line_said(line) for line in case.grounds.splitlines())
