"""CQL2's CASEI and ACCENTI: text compared without regard to case, or to accents, alike on both databases.

Each is one table of characters, applied by ``str.translate`` in Python (to a filter's literals, and on SQLite
by a function registered on each connection, as Django registers its own) and by ``translate()`` in
PostgreSQL, with the same table passed as parameters. Neither reads the database's locale (PostgreSQL's
lower() is ASCII-only under the C collation, SQLite's always) nor needs an extension: unaccent needs CREATE
EXTENSION, which a production role may not be allowed to run. The tables are built from Unicode's own data
(``unicodedata``) over the Latin blocks the registry's names are written in:

- CASEI: each capital whose lower case is one character is replaced by it: A-Z, É, Ï, and the letters of
  West African alphabets Ɛ ɛ, Ɔ ɔ, Ŋ ŋ, Ɓ ɓ, Ɗ ɗ, Ƙ ƙ, Ƴ ƴ, Ʋ ʋ;
- ACCENTI: each letter whose canonical decomposition is a letter and combining marks (é, ï, ǹ, ẹ, ǎ) is
  replaced by that letter, and the combining marks themselves (U+0300-U+036F: a tone written after ɛ or ɔ)
  are removed. Ɛ ɔ ŋ Ɓ ɗ have no decomposition: they are letters of their own in Mooré, Dioula, Fulfulde or
  Bambara, not accented e, o, n, B, d, and stay what they are (unlike ``landreg.core.search.folding``, which a
  name search uses to be forgiving).

The two compose: ``CASEI(ACCENTI(x))`` ignores both. Text outside those blocks (Greek, Arabic...) is
compared as it is.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func, TextField

# Basic Latin and Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional, -C and -D.
_LATIN = (
    *range(0x0041, 0x005B),
    *range(0x00C0, 0x0250),
    *range(0x1E00, 0x1F00),
    *range(0x2C60, 0x2C80),
    *range(0xA720, 0xA800),
)
_COMBINING = "".join(chr(c) for c in range(0x0300, 0x0370))


def _case_pairs() -> tuple[str, str]:
    capitals = [chr(c) for c in _LATIN if len(chr(c).lower()) == 1 and chr(c).lower() != chr(c)]
    return "".join(capitals), "".join(c.lower() for c in capitals)


def _accent_pairs() -> tuple[str, str]:
    accented, bases = [], []
    for c in map(chr, _LATIN):
        decomposed = unicodedata.normalize("NFD", c)
        marks = decomposed[1:]
        if (
            marks
            and not unicodedata.combining(decomposed[0])
            and all(unicodedata.combining(m) for m in marks)
        ):
            accented.append(c)
            bases.append(decomposed[0])
    return "".join(accented), "".join(bases)


CASE_FROM, CASE_TO = _case_pairs()
_ACCENTED, ACCENT_TO = _accent_pairs()
# translate() removes the characters of its second argument past the length of its third: the marks.
ACCENT_FROM = _ACCENTED + _COMBINING
_CASE = str.maketrans(CASE_FROM, CASE_TO)
_ACCENT = str.maketrans(_ACCENTED, ACCENT_TO, _COMBINING)


def casei(text: str | None) -> str | None:
    return None if text is None else text.translate(_CASE)


def accenti(text: str | None) -> str | None:
    return None if text is None else text.translate(_ACCENT)


class _Translated(Func):
    """A text expression through a table: ``translate()`` on PostgreSQL, this module's function on SQLite."""

    output_field = TextField()
    sqlite_function: str
    table: tuple[str, str]

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function=self.sqlite_function, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = self.as_sql(
            compiler, connection, template="translate(%(expressions)s, %%s, %%s)", **extra
        )
        return sql, (*params, *self.table)


class CaseFolded(_Translated):
    sqlite_function = "landreg_casei"
    table = (CASE_FROM, CASE_TO)


class AccentFolded(_Translated):
    sqlite_function = "landreg_accenti"
    table = (ACCENT_FROM, ACCENT_TO)


def _register_on_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("landreg_casei", 1, casei, deterministic=True)
        connection.connection.create_function("landreg_accenti", 1, accenti, deterministic=True)


connection_created.connect(_register_on_sqlite, dispatch_uid="landreg_cql2_folds_on_sqlite")
