"""The remarks the site visit's form proposes for a group's people (« mandataire de Famille Ɓila », « membre
de Famille Ɓila ») are the registry's words, not the committee's: kept as their English message and said in
the reader's language (core.stored_messages), so an English page or a French record reads them in its own
language. Records made before were kept in the language of the page that recorded them: recognised when they
are shown. Any other remark is what the committee typed, kept and shown as it is."""

from django.utils.translation import gettext_noop

from landreg.core.stored_messages import message_kept_among, message_said_among

MANDATARY_OF = gettext_noop("mandatary of %(group)s")
MEMBER_OF = gettext_noop("member of %(group)s")
_PROPOSED = (MANDATARY_OF, MEMBER_OF)


def remark_kept(remark: str) -> str:
    """The remark as the record keeps it: a proposed one as its English message, any other as typed."""
    return message_kept_among(remark, _PROPOSED)


def remark_said(remark: str) -> str:
    """The remark in the reader's language: a proposed one said again, any other as typed."""
    return message_said_among(remark, _PROPOSED)
