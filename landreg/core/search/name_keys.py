"""Spelling-tolerant keys for West African names, so "Wedraogo" and "Ouedrago" find "Ouédraogo".

The same name is written many ways by the clerks who record it (French spelling of Mooré, Dioula,
Fulfulde, Bambara sounds): Ouédraogo / Wedraogo, Ouattara / Watara, Diallo / Jallo, Coulibaly / Kulibali,
Tchiombiano / Chiombiano, Kɔnɛ / Koné / Kone. ``name_key`` folds a name (see ``folding``) and then
rewrites the spellings that stand for one sound into one letter, word by word. Two spellings of one name
end up with the same key, or with keys one or two edits apart; ``near_distance`` measures that.

The keys are stored on each party (``Party.name_key``). PostgreSQL matches them with pg_trgm's word
similarity over a GIN index; SQLite calls ``near_distance`` registered on each connection below, after a
cheap LIKE on the key has cut the candidates down (see ``landreg.parties.name_search``).
"""

import functools
import re

from django.db.backends.signals import connection_created

from landreg.core.search.folding import fold

# Order matters: longer spellings first, so "tch" is not read as "t" + "ch".
_REWRITES = [
    (re.compile(r"[^a-z ]+"), " "),  # hyphens, apostrophes, digits: word breaks
    (re.compile(r"tch|tsh|ch|sh"), "c"),  # Tchiombiano / Chiombiano / Shiombiano
    (re.compile(r"dj|dy"), "j"),  # Djibo / Dyibo / Jibo
    (re.compile(r"ph"), "f"),
    (re.compile(r"qu|q|ck"), "k"),
    (re.compile(r"c(?=[aou]|$| )"), "k"),  # Coulibaly / Kulibali (c before e, i stays c: it is s)
    (re.compile(r"gu(?=[ei])"), "g"),  # Guindo / Gindo
    (re.compile(r"ou|oo|w"), "u"),  # Ouédraogo / Wedraogo / Oudraogo, Ouattara / Watara
    (re.compile(r"y"), "i"),  # Coulibaly / Koulibali, Yaméogo / Iaméogo
    (re.compile(r"di(?=[aeou])"), "j"),  # Diallo / Djallo / Jallo
    (re.compile(r"x"), "ks"),
    (re.compile(r"z"), "s"),
    (re.compile(r"h"), ""),  # Bah / Ba, Diakhité / Diakité: h is silent or near it
    (re.compile(r"([a-z])\1+"), r"\1"),  # Diallo / Dialo, Sawadogo / Sawaddogo
    (re.compile(r"(?<=[a-z]{3})e(?= |$)"), ""),  # Koné / Kon, Traoré / Traor: the final e is mute
]


def name_key(text: str | None) -> str:
    """The spelling-tolerant key of a name: its words' keys, separated by one space."""
    key = fold((text or "").replace("ŋ", "ng").replace("Ŋ", "Ng"))  # Ŋaba is written Ngaba in French
    for pattern, replacement in _REWRITES:
        key = pattern.sub(replacement, key)
    return " ".join(key.split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions each cost one)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def tolerance(word_key: str) -> int:
    """Edits allowed for a typed word: none for short words (too many false friends), then one, then two."""
    if len(word_key) <= 3:
        return 0
    return 1 if len(word_key) <= 6 else 2


@functools.lru_cache(maxsize=65536)
def _word_distance(word: str, word_key: str) -> int:
    # A word typed in full or its beginning: "ouedr" finds "Ouédraogo" like a prefix search would.
    if abs(len(word) - len(word_key)) > 2:
        return edit_distance(word[: len(word_key)], word_key) + 1
    return min(edit_distance(word, word_key), edit_distance(word[: len(word_key)], word_key) + 1)


def near_distance(stored_key: str | None, word_key: str) -> int:
    """The smallest edit distance between a typed word's key and a word of a stored key (or its start).

    Cached per stored word: a commune's people share a few hundred surnames and first names, so a search
    over 100,000 people computes a few thousand distances, not 100,000.
    """
    if not stored_key or not word_key:
        return 99
    return min(_word_distance(word, word_key) for word in stored_key.split())


def _register_on_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("landreg_near_distance", 2, near_distance, deterministic=True)


connection_created.connect(_register_on_sqlite, dispatch_uid="landreg_near_distance_on_sqlite")
