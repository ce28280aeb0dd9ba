"""The header's search: villages, parcels, claims, certificates and people, each scoped by its selector.

On PostgreSQL a text without digits (a name: the common search) is answered by ``search.sql`` in one
statement; the ORM's statements below answer the others (ID, parcel, receipt and certificate numbers) and
every search on SQLite, and are the reference the tests hold that statement to.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.shortcuts import render

from landreg.accounts.selectors import villages_covered
from landreg.adjudication.claims.names import NO_NAMES, claimant_names_of
from landreg.adjudication.models import Claimant, ClaimantRole
from landreg.adjudication.selectors import claims_visible_to
from landreg.audit.kept import AUDIT_HEAD
from landreg.certificates.selectors import certificates_visible_to
from landreg.core import clock
from landreg.core.db.id_lists import InList
from landreg.core.db.kept import KeptQuery, rows_together
from landreg.core.search.folding import fold
from landreg.core.search.name_keys import name_key, near_distance, tolerance
from landreg.core.search.numbers import numbered
from landreg.parcels.selectors import parcels_visible_to
from landreg.parties.choice_labels import PartyLabels
from landreg.parties.models import GroupMembership, Party
from landreg.parties.name_search import parties_named, trigram_index_steered, typed_words
from landreg.parties.selectors import parties_visible_to
from landreg.rights.models import Right, RightHolder, in_force_on
from landreg.territory.models import AdministrativeUnit
from landreg.web.lists.filters import villages_read
from landreg.web.search.kept import found_kept
from landreg.web.search.rows import LIMIT, PERSON_COLUMNS, Found, RowMaker
from landreg.web.search.sql import search_by_name
from landreg.web.templatetags.header import searches_records

__all__ = ["LIMIT", "Found", "search", "search_page"]

_KINDS = ("parcels", "claims", "certificates", "people")
# Up to this many found, the ids of the people and of the parcels found are read once, in the order shown:
# the count is the ids', the rows shown are read by id, and the people's ids go to the parcels' query as one
# parameter (core.db.id_lists). So the name filter (a trigram index scan on PostgreSQL, a scan of the names on
# SQLite) runs once per search, not five times, and the parcels held once, not twice: a common surname
# ("Sawadogo", 2,715 people in a commune of 100,000 parcels) took 2.2 s, each of its five name filters
# 250–400 ms. Broader queries (two letters: "ou") count and page with the filter as a subquery. (The parcels'
# first fifty and their count in one statement, COUNT(*) OVER () with a LIMIT, made PostgreSQL walk every
# parcel in number order, testing each against the people's ids: 350 ms for "Sawadogo", 12 ms by ids.)
IDS_AT_ONCE = 25_000


def _found(queryset: QuerySet, row=None) -> Found:
    """The first LIMIT rows (each made by ``row(*values)`` if given), and their count: counted apart only
    when there are more (one statement, not two, for the kinds a query rarely finds)."""
    if queryset.query.is_empty():  # none(): nothing to compile (the ORM builds its SQL to learn that)
        return Found(rows=[], count=0)
    rows = list(queryset[: LIMIT + 1])
    count = len(rows) if len(rows) <= LIMIT else queryset.count()
    rows = rows[:LIMIT]
    return Found(rows=[row(*values) for values in rows] if row else rows, count=count)


def _found_once(queryset: QuerySet, *, columns: tuple, row, read=None) -> tuple[Found, list | None]:
    """The rows of ``queryset`` from one read of its ids (None past IDS_AT_ONCE: counted and paged apart),
    the rows shown read by id as the ``columns`` they print (``values()``: no model instance, no column
    the list does not show; ``read``, {name: expression}, computed for the rows shown in the same statement),
    each made by ``row(values)``."""
    read = read or {}
    ids = list(queryset.values_list("pk", flat=True)[: IDS_AT_ONCE + 1])
    if len(ids) > IDS_AT_ONCE:
        shown = [row(values) for values in queryset.annotate(**read).values(*columns, *read)[:LIMIT]]
        return Found(rows=shown, count=queryset.count()), None
    shown = queryset.model.objects.filter(pk__in=ids[:LIMIT]).annotate(**read).values(*columns, *read)
    values = {v["pk"]: v for v in shown}
    return Found(rows=[row(values[pk]) for pk in ids[:LIMIT] if pk in values], count=len(ids)), ids


def people_found(user, query: str) -> QuerySet:
    """Current parties named like the query (folded, spelling-tolerant), best match first; and the one
    whose ID document number it is, for users who may see the personal data of that party's village."""
    current = parties_visible_to(user).filter(end_lifespan__isnull=True)
    named = parties_named(current, query)
    id_number = query.replace(" ", "")
    if not any(c.isdigit() for c in id_number):  # ID document numbers have digits; names do not
        return named
    by_id = current.filter(
        id_document_number__iexact=id_number,
        village__in=villages_covered(user, "view_personal_data"),
    )
    if not by_id.exists():
        return named
    return current.filter(Q(pk__in=named.values("pk")) | Q(pk__in=by_id.values("pk"))).order_by(
        "search_name", "pk"
    )


@functools.lru_cache(maxsize=16384)
def _village_keys(name: str) -> tuple[str, str]:
    """A village's name folded, and its spelling-tolerant key. Cached: the same few hundred names (a country's
    few thousand) are compared at every search, and folding them with their keys was the search's largest
    share of Python (about 1 ms of 2.5 for a commune's 20 villages)."""
    return fold(name), name_key(name)


def _village_named(name: str, words: list[tuple[str, str]]) -> bool:
    """Every typed word, (folded, key), is in the village's name, folded, or near one of its words
    (spelling-tolerant keys, as for people: "Tangin" finds "Tanghin", "Sabsin" finds "Sabcin")."""
    folded, stored = _village_keys(name)
    for word, key in words:
        if word in folded:
            continue
        if not key or near_distance(stored, key) > tolerance(key):
            return False
    return True


def villages_in_scope(user) -> list[tuple]:
    """(id, name, code) of each village where the user may see records: read once a search, for the village
    search and as the scope of the one-statement search."""
    return _villages_in_scope(user, None)[0]


def _villages_in_scope(user, beside: KeptQuery | None) -> tuple[list[tuple], list[tuple] | None]:
    """``villages_in_scope`` and the rows of the kept read ``beside`` (without values), in one round trip
    on PostgreSQL. The villages are the list pages' village choices (web.lists.filters.villages_read: one
    read of the villages under the user's grants, a superuser's every village)."""
    read = villages_read(user, "view_records")
    if read is None:  # no grant: no village (villages_covered)
        return [], beside.rows() if beside else None
    if beside is None:
        rows, beside_rows = read[0].rows(**read[1]), None
    else:
        rows, beside_rows = rows_together(read, (beside, {}))
    return [(pk, name, code) for pk, code, name in rows], beside_rows


def villages_found(user, query: str, scope: list[tuple] | None = None) -> QuerySet:
    """The villages the user may see named like the query, or whose code it is, with their current parcels
    counted. The names and codes of the user's villages are read once (a commune has a few hundred villages,
    a country a few thousand) and compared here: folded, the name holding the typed text or the code being
    it; when none does, by their spelling-tolerant keys. The folded comparison was a statement of its own,
    the spelling-tolerant one read the same names again: a person's name, the common search, ran both."""
    folded = fold(query)
    code = query.strip().upper()
    names = villages_in_scope(user) if scope is None else scope
    found = {
        pk
        for pk, name, village_code in names
        if folded in _village_keys(name)[0] or village_code.upper() == code
    }
    if not found and not any(
        c.isdigit() for c in query
    ):  # a misspelt name: the spelling-tolerant keys decide
        words = [(fold(word), name_key(word)) for word in query.split()]
        found = {pk for pk, name, _code in names if _village_named(name, words)}
    if not found:  # (the common case, a person's name: no scope's queryset built)
        return AdministrativeUnit.objects.none()
    current = Q(parcels__end_lifespan__isnull=True)
    return (
        villages_covered(user, "view_records")
        .filter(pk__in=found)
        .select_related("parent")
        .defer("boundary", "parent__boundary")
        .annotate(parcel_count=Count("parcels", filter=current))
        .order_by("name")
    )


def _in_one_statement(using: str, query: str) -> bool:
    """PostgreSQL, and a name: no digit (an ID or a number), at least one word matched by spelling. So a
    number typed without its zeros (core.search.numbers) is the ORM's on every database."""
    if connections[using].vendor != "postgresql" or any(c.isdigit() for c in query):
        return False
    return bool(typed_words(query)[0])


def search(user, query: str) -> dict[str, Found]:
    scope = villages_in_scope(user)
    found = _found_in(user, query, scope, PartyLabels(user))
    return {"villages": _found(villages_found(user, query, scope)), **found}


def _found_in(user, query: str, scope: list[tuple], labels: PartyLabels) -> dict[str, Found]:
    """Parcels, claims, certificates and people for ``query`` in the user's villages ``scope``, the people
    labelled by ``labels`` (PartyLabels of the user)."""
    using = Party.objects.all().db
    if not _in_one_statement(using, query):
        return _search_by_orm(user, query, labels)
    if not scope:
        return {kind: Found(rows=[], count=0) for kind in _KINDS}
    names, others = typed_words(query)
    return search_by_name(
        using=using,
        villages={pk: (name, code) for pk, name, code in scope},
        labels=labels,
        query=query,
        keys=[key for _folded, key in names],
        exacts=[folded for folded, _key in names],
        others=others,
    )


# Drafts have no receipt number yet: after the numbered claims, on SQLite as on PostgreSQL (search.sql).
CLAIM_ORDER = F("receipt_number").asc(nulls_last=True)


def claims_naming(query: str, people: Q) -> QuerySet:
    """The ids of the claims naming, as one who claims (holder, group member or mandatary; not a witness), a
    person found (``people``: a condition on the claimant's ``party``) or a person not registered yet whose
    name on the claim matches ``query`` as a party's name would (parties.name_search): at the counter, a
    person asking after their file gives their name, not their receipt number."""
    claiming = Claimant.objects.exclude(role=ClaimantRole.WITNESS)
    named = parties_named(claiming, query).values("pk")
    return claiming.filter(people | Q(pk__in=named)).values("claim_id")


def certificates_numbered(query: str) -> Q:
    """Certificates whose number is, or begins with, the text typed, and those of the parcel whose number it
    is, typed with or without its leading zeros (core.search.numbers). Not any number that holds the text:
    « SAB-C-00068 », a parcel's number, is inside APFR-SAB-C-00068, the certificate of another parcel
    (numbers run by commune, parcels by village)."""
    return numbered("number", query, "startswith") | numbered("parcel__number", query, "exact")


def rights_held(holder: Q, member: Q) -> QuerySet:
    """The ids of the rights in force today held by a person found (``holder``: a condition on a holder's
    ``party``), or by a group or collective holding a person found is a current member of (``member``: the
    same condition on a membership's ``member``): at the counter, a holder asks for their certificate by
    name, and a member of a family holding for the family's."""
    groups = GroupMembership.objects.filter(member, end_lifespan__isnull=True).values("group_id")
    in_force = in_force_on(clock.today(), prefix="right__")
    return RightHolder.objects.filter(holder | Q(party__in=groups), in_force).values("right_id")


def parcels_held_count(parcels: QuerySet) -> Subquery:
    """The number of ``parcels`` (the user's current ones) on which a person holds a right in force,
    themselves or through a group they are a current member of (a family, a lineage): at the counter, the
    clerk tells namesakes apart by what they hold, and a member of a family holding is no less a holder. A
    column of the person's row (``OuterRef("pk")``), read in the statement of the rows shown, not one
    statement a row."""
    person = OuterRef("pk")
    groups = GroupMembership.objects.filter(member=OuterRef(person), end_lifespan__isnull=True).values(
        "group_id"
    )
    held = Right.objects.in_force().filter(
        Q(holders__party=person) | Q(holders__party__in=groups), parcel__in=parcels
    )
    counted = Func("parcel_id", function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    return Subquery(held.order_by().annotate(n=counted).values("n"), output_field=IntegerField())


def held_via(parcels: list, held_by_them: Q, groups: QuerySet, in_force: Q) -> dict:
    """{parcel id: the names of the groups through which the people found (``held_by_them``, a condition on a
    holder's party) hold it, joined in the order of their characters} for those of ``parcels`` no person found
    holds in their own name; ``groups``: the ids of the groups they are current members of. One statement for
    the rows shown."""
    if not parcels:
        return {}
    holders = (
        RightHolder.objects.filter(in_force, right__parcel__in=parcels)
        .filter(held_by_them | Q(party__in=groups))
        .annotate(direct=ExpressionWrapper(held_by_them, output_field=BooleanField()))
        .values_list("right__parcel_id", "direct", "party__name")
    )
    direct, names = set(), {}
    for parcel, own, name in holders:
        if own:
            direct.add(parcel)
        else:
            names.setdefault(parcel, set()).add(name)
    return {parcel: ", ".join(sorted(found)) for parcel, found in names.items() if parcel not in direct}


def _search_by_orm(user, query: str, labels: PartyLabels | None = None) -> dict[str, Found]:
    named = people_found(user, query)
    make = RowMaker(labels or PartyLabels(user))
    village = ("village__name", "village__code", "village__path")
    current = parcels_visible_to(user).filter(end_lifespan__isnull=True)
    with trigram_index_steered(named.db, query):
        # The rows shown with their village's name, code and path (the list names it, the path says whether
        # the user may see its personal data), read in the same query.
        people, people_ids = _found_once(
            named,
            columns=("pk", *village, *PERSON_COLUMNS),
            row=lambda v: make.person(
                v["pk"],
                *(v[c] for c in village),
                *(v[c] for c in PERSON_COLUMNS),
                parcels_held=v["parcels_held"],
            ),
            read={"parcels_held": parcels_held_count(current)},
        )
        held_by_them, members = (
            (Q(party__in=named.values("pk")), Q(member__in=named.values("pk")))
            if people_ids is None
            else (Q(InList("party", people_ids)), Q(InList("member", people_ids)))
        )
        # The names written on claims are matched by the same trigram operator (their own index, adjudication
        # 0026): read in the same steer. Only what the list prints, as values: no instance, boundary, profile.
        claims = (
            claims_visible_to(user)
            .filter(numbered("receipt_number", query) | Q(pk__in=claims_naming(query, held_by_them)))
            .order_by(CLAIM_ORDER, "pk")
            .values_list("pk", "receipt_number", "state", "village__name", "purpose")
        )
        found_claims = _found(claims)
    # Who claims each claim shown, read at once (one statement however many are shown).
    names = claimant_names_of([values[0] for values in found_claims.rows])
    found_claims.rows = [
        make.claim(pk, number, state, village, names.get(pk, NO_NAMES), purpose=purpose)
        for pk, number, state, village, purpose in found_claims.rows
    ]
    # Parcels held by the people found, themselves or through a group they are a current member of (as their
    # count, parcels_held_count), as a subquery of ids: no join per parcel, no DISTINCT over parcels.
    groups = GroupMembership.objects.filter(members, end_lifespan__isnull=True).values("group_id")
    in_force = in_force_on(clock.today(), prefix="right__")
    held = RightHolder.objects.filter(held_by_them | Q(party__in=groups), in_force).values("right__parcel_id")
    found_parcels = Q(pk__in=held)
    if any(c.isdigit() for c in query):  # a parcel number has digits; a name alone leads by the ids only
        found_parcels |= numbered("number", query)  # « SAB-C-68 » as « SAB-C-00068 » (core.search.numbers)
    parcels = current.filter(found_parcels).order_by("number")
    certificates = (
        certificates_visible_to(user)
        .filter(certificates_numbered(query) | Q(right__in=rights_held(held_by_them, members)))
        .order_by("number")
        .values_list("pk", "number", "status", "village__name", "parcel__number")
    )
    # The list shows numbers, village names and links, not shapes; and the groups a parcel is held through.
    found_parcels = _found_once(parcels, columns=("pk", "number", "village__name"), row=lambda v: v)[0]
    via = held_via([v["pk"] for v in found_parcels.rows], held_by_them, groups, in_force)
    found_parcels.rows = [
        make.parcel(v["pk"], v["number"], v["village__name"], via.get(v["pk"], ""))
        for v in found_parcels.rows
    ]
    return {
        "parcels": found_parcels,
        "claims": found_claims,
        "certificates": _found(certificates, make.certificate),
        "people": people,
    }


@login_required
def search_page(request):
    query = request.GET.get("q", "").strip()[:100]
    if not searches_records(request.user):  # nothing it finds is theirs to see: said, not an empty list
        return render(request, "web/search.html", {"query": query, "results": None, "no_records": True})
    if len(query) < 2:
        return render(request, "web/search.html", {"query": query, "results": None})
    user = request.user
    labels = PartyLabels(user)
    # The other lists as found and printed, kept until the registry changes (search.kept): the audit chain's
    # head read beside the user's villages; the people's personal data as the user may see it.
    scope, head = _villages_in_scope(user, AUDIT_HEAD)
    found, found_html = found_kept(
        query, scope, head, lambda: _found_in(user, query, scope, labels), personal=labels.personal_key
    )
    results = {"villages": _found(villages_found(user, query, scope)), **found}
    return render(request, "web/search.html", {"query": query, "results": results, "found_html": found_html})
