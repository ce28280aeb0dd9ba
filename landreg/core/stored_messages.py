"""A message the registry wrote and stored as text, said again in the reader's language.

Some checks answer with sentences the registry keeps (the reasons a field record waits for its agent's
correction): they were stored in the language of the request that wrote them, so an English page showed
French. ``message_kept`` keeps such a sentence as its English message (the msgid, with its values filled
in): the message's code with its parameters, in a form a person can still read. ``message_said`` finds the
message again in the catalogues, from its English or its French, takes its values back, and says it in the
active language. A text no catalogue message matches (a value a person typed, a library's own words) is
kept and shown as it is.
"""

import functools
import re

from django.utils import translation
from django.utils.translation import trans_real

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|%%")
_MIN_LITERAL = 8  # « %(label)s: » matches anything: a message needs words of its own to be recognised
# The registry stores sentences; a word or two a person typed (« Limite ») may be some label's French: kept.
_MIN_WORDS = 4


# Messages one of whose values is itself a label of the catalogues (an outcome's kind in the reference a
# dispute's change writes: « court decision of … »): that value is said again in the reader's language too,
# whichever language it was stored in. Filled by the apps that write such messages, {msgid: value names}.
LABELLED_VALUES: dict[str, frozenset[str]] = {}


def _label_said(value: str) -> str:
    english, french, _formatted = _messages()
    exact = english.get(value) or french.get(value)
    return translation.gettext(exact) if exact is not None else value


class _Message:
    """One catalogue message: its msgid, and patterns that find its values in the English or French text."""

    def __init__(self, msgid: str, msgstr: str):
        self.msgid = msgid
        self.english, self.names = _pattern(msgid)
        self.french, _names = _pattern(msgstr)
        self.literal = len(_PLACEHOLDER.sub("", msgid))

    def values(self, text: str) -> dict | None:
        found = self.english.match(text) or self.french.match(text)
        if found is None:
            return None
        return {name: found.group(name) for name in self.names}

    def said(self, values: dict) -> str:
        message = translation.gettext(self.msgid)
        labels = LABELLED_VALUES.get(self.msgid, ())
        values = {name: _label_said(value) if name in labels else value for name, value in values.items()}
        if not self.names:
            return message
        try:
            if all(name.startswith("_") for name in self.names):  # positional %s
                return message % tuple(values[name] for name in sorted(self.names))
            return message % values
        except (KeyError, TypeError, ValueError):
            return None


def _pattern(text: str) -> tuple[re.Pattern, list[str]]:
    parts, names, position, seen = [], [], 0, set()
    for found in _PLACEHOLDER.finditer(text):
        parts.append(re.escape(text[position : found.start()]))
        position = found.end()
        if found.group(0) == "%%":
            parts.append("%")
            continue
        name = found.group(1) or f"_{len(names):02d}"
        if name in seen:
            parts.append(f"(?P={name})")
        else:
            seen.add(name)
            names.append(name)
            parts.append(f"(?P<{name}>.+?)")
    parts.append(re.escape(text[position:]))
    return re.compile("".join(parts) + r"\Z", re.S), names


@functools.lru_cache(maxsize=1)
def _messages() -> tuple[dict[str, str], dict[str, str], list[_Message]]:
    """The French catalogue, read once: exact English and French texts, and the messages with values."""
    english, french, formatted = {}, {}, []
    catalogue = trans_real.translation("fr")._catalog
    for msgid, msgstr in catalogue.items():
        # Plural forms (tuples) and messages asked with a context (« context\x04msgid ») are left out: a
        # context says the words mean something else there.
        if not isinstance(msgid, str) or not msgid or "\x04" in msgid or not msgstr or msgid in english:
            continue
        english[msgid] = msgid
        french.setdefault(msgstr, msgid)
        if _PLACEHOLDER.search(msgid):
            message = _Message(msgid, msgstr)
            if message.literal >= _MIN_LITERAL:
                formatted.append(message)
    formatted.sort(key=lambda message: -message.literal)  # the most specific message first
    return english, french, formatted


def _found(text: str) -> tuple[_Message | None, str | None, dict]:
    english, french, formatted = _messages()
    exact = english.get(text) or french.get(text)
    if exact is not None and len(text.split()) >= _MIN_WORDS:
        return None, exact, {}
    for message in formatted:
        values = message.values(text)
        if values is not None:
            return message, None, values
    return None, None, {}


def message_said(text: str) -> str:
    """The stored message in the active language; the text as it is when no catalogue message matches."""
    if not isinstance(text, str) or not text:
        return text
    return _said(text, translation.get_language())


# A list shows the same stored sentences on every page (a case's subject, a record's reasons): finding one
# tries every formatted message of the catalogue as a pattern (about 0.13 ms a row), so what each text says
# in each language is kept. The catalogues do not change while the registry runs; the bound keeps the memory
# small whatever texts are stored.
@functools.lru_cache(maxsize=4096)
def _said(text: str, language: str | None) -> str:
    """``text`` said in ``language``, the active one (the cache's key: the same text reads differently in
    French and in English)."""
    message, exact, values = _found(text)
    if exact is not None:
        return translation.gettext(exact)
    if message is not None:
        return message.said(values) or text
    return text


def message_kept(text: str) -> str:
    """The message as the registry keeps it: in English, the language of its code (the msgid)."""
    with translation.override("en"):
        return message_said(text)


def message_said_among(text: str, msgids, *, values_said=None) -> str:
    """``text`` in the active language when it is one of ``msgids`` (in English or in French, with its
    values); otherwise as it is. For a field where a person types and the registry proposes texts of its own
    (a site visit's remark): only those are recognised, never a person's words that happen to read like
    another message of the catalogues. ``values_said``, {value name: function}, says a value again the
    function's way (a remark within a sentence, itself a message only among some)."""
    if not isinstance(text, str) or not text:
        return text
    french = trans_real.translation("fr")
    for msgid in msgids:
        message = _Message(msgid, french.gettext(msgid))
        values = message.values(text)
        if values is not None:
            said = {name: (values_said or {}).get(name, str)(value) for name, value in values.items()}
            return message.said(said) or text
    return text


def message_kept_among(text: str, msgids) -> str:
    """``message_said_among`` in English: the message as the registry keeps it."""
    with translation.override("en"):
        return message_said_among(text, msgids)
