"""The order names are listed in: the African letters as letters of their own, Ɓ after B, Ɗ after D, Ɛ after
E, Ŋ after N, Ɔ after O (and Ƙ after K, Ƴ after Y), as the alphabets of Burkina Faso, Niger and Mali do.

Compared by their code points (SQLite's binary order, PostgreSQL's C collation, Python's ``sorted``),
« Ŋɔmbɔ » came after « Zongo » and « Ɓila » after every Latin name. ``name_order_key`` is the order in Python,
``NameOrder`` the same order in SQL: PostgreSQL's ICU root collation (« und-x-icu », which orders these
letters so), and on SQLite a collation registered on each connection that compares ``name_order_key``.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func

# A letter of its own, sorted just after its base letter: the base, then a mark greater than any letter.
_AFTER = "\U0010ffff"
_OWN_LETTERS = {own: base for own, base in zip("ƁɓƊɗƐɛŊŋƆɔƘƙƳƴ", "bbddeennookkyy", strict=True)}
SQLITE_COLLATION = "landreg_names"


def _primary(text: str) -> str:
    letters = []
    for char in text:
        if char in _OWN_LETTERS:
            letters.append(_OWN_LETTERS[char] + _AFTER)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        letters.append("".join(c for c in decomposed if not unicodedata.combining(c)).lower())
    return "".join(letters)


def name_order_key(text: str | None) -> tuple[str, str, str]:
    """Letters first (É as E, Ŋ after N), then accents (« Kabore » before « Kaboré »), then case."""
    text = text or ""
    return _primary(text), unicodedata.normalize("NFD", text).lower(), text


class NameOrder(Func):
    """A name column in the order of ``name_order_key``, for ``order_by``."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        collation = '"und-x-icu"' if connection.vendor == "postgresql" else SQLITE_COLLATION
        template = f"(%(expressions)s) COLLATE {collation}"
        return super().as_sql(compiler, connection, template=template, **extra)


def _compare(a: str | None, b: str | None) -> int:
    ka, kb = name_order_key(a), name_order_key(b)
    return (ka > kb) - (ka < kb)


def _register_on_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


connection_created.connect(_register_on_sqlite, dispatch_uid="landreg_name_collation_on_sqlite")
