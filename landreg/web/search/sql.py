"""The header search for a name on PostgreSQL in one statement: the people named (and how many parcels each
holds, themselves or through a group), the parcels they hold, the claims naming them (or a person not
registered yet so named) or whose receipt numbers hold the text, the certificates whose numbers begin with
it, of the parcel so numbered or of the rights the people found hold (themselves or through a group they are
a member of), each counted, the first fifty of each in their order.

Why not the ORM's statements (``search.views``, which stays the way on SQLite and for text with digits,
and which the tests hold this one equal to): at 100,000 parcels a search for "Sawadogo" (2,715 people) ran ten
statements. The people's ids came to Python and went back as the parcels' parameter (2,715 UUIDs converted
twice); the similarity of every person found to every typed word was computed to sort them (half of the
name filter's 25 ms); the parcels held were read as ids in number order, all of them (48-75 ms); each
statement was built and compiled by the ORM (a third of the page's Python). Here:
- the scope is a parameter, the ids of the user's villages (read once for the village search anyway), so
  the statement's text depends on the number of words typed only and is built once per process;
- the people found stay in the database (a materialized CTE) for the parcels they hold, looked up by those
  ids as an array (index probes on the holders' party index: joined to the CTE, the planner hashed all
  110,000 holders, 30 ms);
- the parcels held are read whole before their first fifty by number (a materialized CTE, as their count
  needs them all): inlined under a LIMIT, the planner may walk every parcel in number order instead, testing
  each against the people found (how a COUNT(*) OVER () with a LIMIT took 350 ms for "Sawadogo" before);
- a similarity is computed only for the people whose folded name does not hold every typed word: those
  score the most (2 a word), so they come first, in name order, and the others after them by score. The
  order is the ORM's (score, folded name, id), the sum computed the same way for the others;
- no steer of the planner: with the villages as an array the trigram index is its choice (checked with
  EXPLAIN on the load benchmark's database for common and short names, for a commune and for one village).
"""

import functools
import uuid

from django.db import connections

from landreg.adjudication.claims.names import claimant_names_read
from landreg.adjudication.models import Claim, Claimant, ClaimantRole
from landreg.certificates.models import Certificate
from landreg.core import clock
from landreg.parcels.models import Parcel
from landreg.parties.choice_labels import PartyLabels
from landreg.parties.models import GroupMembership, Party
from landreg.rights.models import Right, RightHolder
from landreg.territory.models import AdministrativeUnit
from landreg.web.search.rows import LIMIT, Found, RowMaker

PEOPLE, PARCELS, CLAIMS, CERTIFICATES = range(4)


def _like(connection, text: str) -> str:
    """``%text%`` for LIKE, its own % and _ plain characters (as the ORM's ``contains``)."""
    return f"%{connection.ops.prep_for_like_query(text)}%"


def _named(alias: str, names: int, others: int) -> str:
    """The rows of ``alias`` whose search columns match every word typed, as parties.name_search matches
    them on PostgreSQL: a name word by the similarity of its key or as a part of the folded names (each
    column its trigram index), the others as text."""
    near = [
        f"({alias}.name_key %%> %(key_{i})s OR {alias}.search_name LIKE %(exact_{i})s)" for i in range(names)
    ]
    texts = [f"{alias}.search_name LIKE %(other_{j})s" for j in range(others)]
    return " AND ".join(near + texts)


@functools.lru_cache(maxsize=64)
def _statement(names: int, others: int) -> str:
    """The statement for ``names`` words matched by their spelling-tolerant keys (at least one) and
    ``others`` matched as folded text only (a letter, a word without letters). Its parameters, by name:
    villages, limit, key_i and exact_i for each name word, other_j for the others, number (a claim's or
    certificate's number, as typed)."""
    party, holder, right = Party._meta.db_table, RightHolder._meta.db_table, Right._meta.db_table
    parcel, claim, certificate = Parcel._meta.db_table, Claim._meta.db_table, Certificate._meta.db_table
    claimant, unit = Claimant._meta.db_table, AdministrativeUnit._meta.db_table
    membership = GroupMembership._meta.db_table
    # A party's names, and a claimant's on the claim, matched alike (their search columns are the same).
    party_named, claimant_named = _named("p", names, others), _named("cl", names, others)
    exact = " AND ".join(f"p.search_name LIKE %(exact_{i})s" for i in range(names))
    # The ORM's score, to the type of its sum: the 2.0 of an exact word is a double, word_similarity a real.
    score = " + ".join(
        f"CASE WHEN search_name LIKE %(exact_{i})s THEN 2.0::float8"
        f" ELSE word_similarity(%(key_{i})s, name_key) END"
        for i in range(names)
    )
    # A right in force today: rights.models.in_force_on, written here in SQL (its lifespan open, its own
    # term, if any, not over).
    in_force = "r.end_lifespan IS NULL AND (r.end_date IS NULL OR r.end_date >= %(today)s)"
    # Each kind: its first rows in order with their rank, and the count of all, in the same columns.
    return f"""
WITH found AS MATERIALIZED (
    SELECT p.id, p.kind, p.last_name, p.first_names, p.name, p.village_id, p.search_name, p.name_key,
           p.sex, p.birth_date, p.birth_date_is_approximate, p.id_document_number, p.domicile,
           ({exact}) AS exact
    FROM {party} p
    WHERE p.village_id = ANY(%(villages)s) AND p.end_lifespan IS NULL AND {party_named}
), people AS (
    SELECT *, count(*) OVER () AS n,
           CASE WHEN exact THEN 0.0::float8 ELSE {score} END AS score
    FROM found
    ORDER BY exact DESC, score DESC, search_name, id
    LIMIT %(limit)s
), groups AS MATERIALIZED (
    -- the groups the people found are current members of (a family, a lineage), with their names
    SELECT DISTINCT g.id, g.name
    FROM {membership} m JOIN {party} g ON g.id = m.group_id
    WHERE m.member_id = ANY(ARRAY(SELECT id FROM found)) AND m.end_lifespan IS NULL
), held AS MATERIALIZED (
    -- the parcels they hold, themselves or through those groups (search.views: as their count)
    SELECT pa.id, pa.number, pa.village_id
    FROM {parcel} pa
    WHERE pa.id IN (
        SELECT r.parcel_id FROM {holder} h JOIN {right} r ON r.id = h.right_id
        WHERE {in_force} AND (
            h.party_id = ANY(ARRAY(SELECT id FROM found)) OR h.party_id = ANY(ARRAY(SELECT id FROM groups))
        )
    ) AND pa.end_lifespan IS NULL AND pa.village_id = ANY(%(villages)s)
), parcels AS (
    SELECT *, count(*) OVER () AS n FROM held ORDER BY number LIMIT %(limit)s
), claims AS (
    SELECT c.id, c.receipt_number, c.state, c.purpose, c.village_id, count(*) OVER () AS n
    FROM {claim} c
    WHERE c.village_id = ANY(%(villages)s) AND (
        UPPER(c.receipt_number::text) LIKE UPPER(%(number)s)
        OR c.id IN (
            SELECT cl.claim_id FROM {claimant} cl
            WHERE cl.party_id = ANY(ARRAY(SELECT id FROM found)) AND cl.role <> %(witness)s
            UNION
            SELECT cl.claim_id FROM {claimant} cl WHERE {claimant_named} AND cl.role <> %(witness)s
        )
    )
    ORDER BY c.receipt_number NULLS LAST, c.id LIMIT %(limit)s
), certificates AS (
    SELECT c.id, c.number, c.status, c.village_id, pa.number AS parcel_number, count(*) OVER () AS n
    FROM {certificate} c JOIN {parcel} pa ON pa.id = c.parcel_id
    WHERE c.village_id = ANY(%(villages)s)
      AND (
        UPPER(c.number::text) LIKE UPPER(%(prefix)s) OR UPPER(pa.number::text) = UPPER(%(query)s)
        -- the certificates of the rights in force held by a person found, or by a group they are a current
        -- member of (search.rights_held)
        OR c.right_id IN (
            SELECT h.right_id FROM {holder} h JOIN {right} r ON r.id = h.right_id
            WHERE {in_force} AND (
                h.party_id = ANY(ARRAY(SELECT id FROM found))
                OR h.party_id IN (
                    SELECT m.group_id FROM {membership} m
                    WHERE m.member_id = ANY(ARRAY(SELECT id FROM found)) AND m.end_lifespan IS NULL
                )
            )
        )
      )
    ORDER BY c.number LIMIT %(limit)s
)
SELECT * FROM (
    SELECT {PEOPLE} AS kind, row_number() OVER (ORDER BY exact DESC, score DESC, search_name, id) AS rank,
           n, id, village_id, kind AS a, last_name AS b, first_names AS c, name AS d,
           -- what tells namesakes apart (parties.choice_labels), and their village's path: whether the user
           -- may see its personal data is decided in Python, as for the ORM's rows
           sex AS e, birth_date AS f, birth_date_is_approximate AS g, id_document_number AS h, domicile AS i,
           (SELECT v.path FROM {unit} v WHERE v.id = people.village_id) AS j, NULL::json AS k,
           -- how many current parcels of the user's villages the person holds a right in force on, themselves
           -- or through a group they are a current member of (search.views.parcels_held_count); the holders
           -- looked up by their ids as an array (index probes on the holders' party index), for fifty rows
           (SELECT count(DISTINCT r.parcel_id)
            FROM {holder} h JOIN {right} r ON r.id = h.right_id JOIN {parcel} pa ON pa.id = r.parcel_id
            WHERE h.party_id = ANY(ARRAY(
                SELECT people.id
                UNION ALL
                SELECT m.group_id FROM {membership} m WHERE m.member_id = people.id AND m.end_lifespan IS NULL
              ))
              AND {in_force} AND pa.end_lifespan IS NULL AND pa.village_id = ANY(%(villages)s)) AS l
    FROM people
    UNION ALL
    -- the groups a parcel shown is held through, when no person found holds it themselves (search.held_via:
    -- their names in the order of their characters, hence the C collation)
    SELECT {PARCELS}, row_number() OVER (ORDER BY number), n, id, village_id, number,
           CASE WHEN EXISTS (
               SELECT 1 FROM {holder} h JOIN {right} r ON r.id = h.right_id
               WHERE r.parcel_id = parcels.id AND {in_force} AND h.party_id = ANY(ARRAY(SELECT id FROM found))
           ) THEN NULL ELSE (
               SELECT string_agg(via.name, ', ' ORDER BY via.name COLLATE "C") FROM (
                   SELECT DISTINCT g.name
                   FROM {holder} h JOIN {right} r ON r.id = h.right_id JOIN groups g ON g.id = h.party_id
                   WHERE r.parcel_id = parcels.id AND {in_force}
               ) via
           ) END,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM parcels
    UNION ALL
    -- who claims each claim shown (claims.names: its NAME_COLUMNS, the registered party's names beside
    -- the claimant's), for the fifty rows only
    SELECT {CLAIMS}, row_number() OVER (ORDER BY receipt_number NULLS LAST, id), n, id, village_id,
           receipt_number, state, purpose, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           (SELECT json_agg(json_build_array(cl.role, cl.kind, cl.last_name, cl.first_names, cl.name,
                                             pp.kind, pp.last_name, pp.first_names, pp.name) ORDER BY cl.id)
            FROM {claimant} cl LEFT JOIN {party} pp ON pp.id = cl.party_id
            WHERE cl.claim_id = claims.id AND cl.role <> %(witness)s), NULL
    FROM claims
    UNION ALL
    SELECT {CERTIFICATES}, row_number() OVER (ORDER BY number), n, id, village_id, number, status,
           parcel_number, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM certificates
) rows
ORDER BY kind, rank"""  # noqa: S608 (table names from the models; every value a parameter)


def search_by_name(
    *,
    using: str,
    villages: dict[uuid.UUID, tuple[str, str]],
    labels: PartyLabels,
    query: str,
    keys: list[str],
    exacts: list[str],
    others: list[str],
) -> dict[str, Found]:
    """People, parcels, claims and certificates for ``query`` in the villages ``villages`` ({id: (name,
    code)}, the user's scope), the people labelled by ``labels``: ``keys`` the spelling-tolerant keys of the
    words matched by spelling and ``exacts`` their folded text, ``others`` the folded words matched as text
    only. See the module's docstring."""
    connection = connections[using]
    params = {
        "villages": list(villages),
        "limit": LIMIT,
        "number": _like(connection, query),
        "prefix": f"{connection.ops.prep_for_like_query(query)}%",
        "query": query,
        "witness": ClaimantRole.WITNESS.value,
        "today": clock.today(),
    }
    for i, (key, folded) in enumerate(zip(keys, exacts, strict=True)):
        params[f"key_{i}"], params[f"exact_{i}"] = key, _like(connection, folded)
    for j, folded in enumerate(others):
        params[f"other_{j}"] = _like(connection, folded)
    with connection.cursor() as cursor:
        cursor.execute(_statement(len(keys), len(others)), params)
        rows = cursor.fetchall()
    make = RowMaker(labels)
    found = {kind: Found(rows=[], count=0) for kind in ("people", "parcels", "claims", "certificates")}
    for kind, _rank, count, pk, village_id, a, b, c, d, *person, claimants, held in rows:
        village, code = villages[village_id]
        if kind == PEOPLE:
            *traits, path = person
            row = make.person(pk, village, code, path, a, b, c, d, *traits, parcels_held=held)
            found["people"].rows.append(row)
            found["people"].count = count
        elif kind == PARCELS:
            found["parcels"].rows.append(make.parcel(pk, a, village, b))
            found["parcels"].count = count
        elif kind == CLAIMS:
            found["claims"].rows.append(
                make.claim(pk, a, b, village, claimant_names_read(claimants), purpose=c)
            )
            found["claims"].count = count
        else:
            found["certificates"].rows.append(make.certificate(pk, a, b, village, c))
            found["certificates"].count = count
    return found
