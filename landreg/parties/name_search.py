"""Finding parties by a name typed any way: folded, and tolerant of the spellings of West African names.

Each typed word must match the party's names through its spelling-tolerant key
(``landreg.core.search.name_keys``), or as folded text ("ouedr", "draog" in "ouédraogo aminata"); a word
with digits only as folded text:
- PostgreSQL: pg_trgm word similarity of the word's key to the stored key (``%>``, served by the GIN
  trigram index of migration parties 0003), or the folded word inside the folded names (LIKE, served by
  the other trigram index of 0003), ranked by that similarity, the spelling typed first;
- SQLite: a LIKE on the key keeps the parties with a word that starts or ends like the typed one, then
  the edit distance (a Python function on the connection) decides and ranks.
"""

from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, QuerySet, Value, When

from landreg.core.search.folding import fold
from landreg.core.search.name_keys import name_key, tolerance


class _WordSimilarTo(Func):
    """PostgreSQL: the stored key holds a word similar to the typed key (pg_trgm, index-backed)."""

    arg_joiner = " %%> "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


class _NearDistance(Func):
    """SQLite: smallest edit distance between the typed key and a word of the stored key."""

    function = "landreg_near_distance"
    output_field = FloatField()


def _word_start_or_end(word_key: str) -> Q:
    start, end = word_key[:2], word_key[-2:]
    return (
        Q(name_key__startswith=start)
        | Q(name_key__contains=" " + start)
        | Q(name_key__endswith=end)
        | Q(name_key__contains=end + " ")
    )


def _words(text: str) -> list[tuple[str, str]]:
    """Each typed word folded, and its spelling-tolerant key."""
    words = [(fold(word), name_key(word)) for word in text.split()]
    return [(folded, key) for folded, key in words if folded]


def _is_name(folded: str, key: str) -> bool:
    return len(key) >= 2 and not any(c.isdigit() for c in folded)  # not a name: "B12345678" is no "b"


def typed_words(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The typed words matched by their spelling-tolerant keys, (folded, key) each, and the others, folded,
    matched as text only (as ``parties_named`` matches them)."""
    words = _words(text)
    return [w for w in words if _is_name(*w)], [folded for folded, key in words if not _is_name(folded, key)]


@contextmanager
def trigram_index_steered(using: str, text: str):
    """Inside this block, PostgreSQL reads the parties named like ``text`` through the trigram index.

    pg_trgm declares its word-similarity operator as cheap as an addition, so once a few thousand parties
    match (a common surname: 2,715 "Sawadogo" in a commune of 100,000 parcels) the planner prefers to read
    every party and compare each name (250 ms) to the index (40 ms). Sequential scans are off for the
    statements of the block only (SET LOCAL in a transaction of its own, which its commit ends, or in a
    savepoint, reset at its end; an error rolls the setting back with it). Nothing to do on SQLite, or for a
    query with no name in it.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not any(_is_name(*word) for word in _words(text)):
        yield
        return
    # Inside a transaction already (a test, a request made atomic), the block is a savepoint and the setting
    # would last until that transaction ends: it is reset at the block's end. Otherwise the block's own
    # COMMIT ends it, and a reset would be one more statement on every search (as a request runs it).
    reset = connection.in_atomic_block
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        if reset:
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")


def parties_named(parties: QuerySet, text: str) -> QuerySet:
    """The parties of ``parties`` whose names match every word of ``text``, best match first.

    ``name_score`` is annotated: higher is better on PostgreSQL (similarity), lower on SQLite (edits);
    ``order_by`` puts the best first either way. A word found as folded text scores as an exact match.
    """
    postgres = connections[parties.db].vendor == "postgresql"
    words = _words(text)
    if not words:
        return parties.none()
    scores = []
    for folded, key in words:
        exact = Q(search_name__contains=folded)
        if not _is_name(folded, key):
            parties = parties.filter(exact)
            continue
        if postgres:
            # The word's key near a word of the stored key (its trigram index), or the word typed inside the
            # folded names (their own trigram index): a part of a name, « ouedr » or « draog » in
            # « ouédraogo », is found as on SQLite. Word similarity alone missed a part taken from inside
            # a word (its trigrams of a word's start and end are not there). The two indexes' scans are
            # joined (BitmapOr) under trigram_index_steered, and the one statement of web.search.sql.
            parties = parties.filter(exact | Q(_WordSimilarTo(F("name_key"), Value(key))))
            similarity = _WordSimilarity(Value(key), F("name_key"))
            # word_similarity is at most 1: the spelling typed scores above every variant of it.
            scores.append(Case(When(exact, then=Value(2.0)), default=similarity, output_field=FloatField()))
        elif tolerance(key) == 0:
            parties = parties.filter(exact | Q(name_key__contains=key))
        else:
            alias = f"near_{len(scores)}"
            near = _NearDistance(F("name_key"), Value(key))
            # The LIKE comes first so that SQLite calls the Python distance on its few candidates only.
            parties = parties.alias(**{alias: near}).filter(
                exact | (_word_start_or_end(key) & Q(**{f"{alias}__lte": tolerance(key)}))
            )
            # Half an edit more for a variant: the spelling typed comes before the same key spelt otherwise.
            variant = F(alias) + Value(0.5)
            scores.append(Case(When(exact, then=Value(0.0)), default=variant, output_field=FloatField()))
    if not scores:
        return parties.annotate(name_score=Value(0.0)).order_by("search_name", "pk")
    parties = parties.annotate(name_score=sum(scores[1:], scores[0]))
    best_first = "-name_score" if postgres else "name_score"
    # The id last: people of the same name (many "BAMOGO Abdoulaye" in a commune) come in the same order at
    # every search, whatever plan the database chose (the first fifty shown were not always the same).
    return parties.order_by(best_first, "search_name", "pk")
