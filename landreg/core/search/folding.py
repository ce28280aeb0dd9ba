"""Folding names for search: case, accents and the African letters Ɓ ɗ ŋ ɛ ɔ ƙ, so "bintou" finds "Ɓintou".

The same fold runs in Python (the words typed) and in the database (the names stored): PostgreSQL's
unaccent extension plus translate() on PostGIS, this module's fold() registered on each SQLite connection.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func

# Letters unaccent does not decompose: hooked and open letters of West African alphabets.
SPECIAL_FROM = "ƁɓƊɗŊŋƐɛƆɔƘƙƳƴ"
SPECIAL_TO = "BbDdNnEeOoKkYy"
_SPECIAL = str.maketrans(SPECIAL_FROM, SPECIAL_TO)


def fold(text: str | None) -> str:
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Fold(Func):
    """fold() of a text expression, in SQL."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="landreg_fold", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = f"lower(unaccent(translate(%(expressions)s, '{SPECIAL_FROM}', '{SPECIAL_TO}')))"
        return self.as_sql(compiler, connection, template=template, **extra)


def _register_on_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("landreg_fold", 1, fold, deterministic=True)


connection_created.connect(_register_on_sqlite, dispatch_uid="landreg_fold_on_sqlite")
