"""A right's description the registry writes itself (a transfer's), kept as its English message and said in
the reader's language (core.stored_messages), as a case's subject is.

Before, the description was the kind's word in the language of whoever recorded the transfer, a colon and
the reason (« vente: Acte de vente n°12 », « sale: … »): those rows stay as written (the audit chain holds
their hash) and are recognised when they are shown."""

import functools
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from landreg.core.stored_messages import message_said

TRANSFERRED = {
    "inheritance": gettext_noop("Transfer by inheritance: %(reason)s"),
    "sale": gettext_noop("Transfer by sale: %(reason)s"),
    "donation": gettext_noop("Transfer by donation: %(reason)s"),
}
_FORMER = re.compile(r"(?P<kind>[^:\n]{1,40}?)[ \u00a0\u202f]?: (?P<reason>.+)\Z", re.S)


def transfer_description(*, kind: str, reason: str) -> str:
    """The description of the right a transfer begins, as the registry keeps it: its English message."""
    return TRANSFERRED[kind] % {"reason": reason}


@functools.cache
def _former_kinds() -> dict[str, str]:
    """{the kind's word in each language of the registry: the kind}, as the former descriptions began."""
    kinds = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for kind in TRANSFERRED:
                kinds.setdefault(gettext(kind), kind)
    return kinds


def description_said(text: str) -> str:
    """A right's description in the reader's language: the registry's message said again, a former
    transfer's description recognised, a description a person typed as it is."""
    said = message_said(text)
    if said != text or not text:
        return said
    former = _FORMER.match(text)
    kind = _former_kinds().get(former["kind"]) if former else None
    if kind is None:
        return text
    return gettext(TRANSFERRED[kind]) % {"reason": former["reason"]}
