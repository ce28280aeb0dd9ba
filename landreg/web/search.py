"""The header's search: villages, parcels, claims, certificates and people, each scoped by its selector."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.shortcuts import render

from landreg.accounts.selectors import villages_covered
from landreg.adjudication.selectors import claims_visible_to
from landreg.certificates.selectors import certificates_visible_to
from landreg.core.folding import Fold, fold
from landreg.core.name_keys import name_key, near_distance, tolerance
from landreg.parcels.selectors import parcels_visible_to
from landreg.parties.name_search import parties_named
from landreg.parties.selectors import parties_visible_to
from landreg.rights.models import RightHolder

LIMIT = 50  # rows shown per kind; the count says how many more there are
# Up to this many people found, their ids are read once and reused: the name filter (a scan on SQLite) runs
# once per search instead of four times. Broader queries ("ou") keep the filter as a subquery.
IDS_AT_ONCE = 2000


@dataclass
class Found:
    rows: list
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


def _found(queryset: QuerySet) -> Found:
    return Found(rows=list(queryset[:LIMIT]), count=queryset.count())


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
    return current.filter(Q(pk__in=named.values("pk")) | Q(pk__in=by_id.values("pk"))).order_by("search_name")


def _people(people: QuerySet) -> tuple[Found, list | QuerySet]:
    """The people found, and their ids as a list when there are not too many, else as a subquery."""
    ids = list(people.values_list("pk", flat=True)[: IDS_AT_ONCE + 1])
    if len(ids) > IDS_AT_ONCE:
        # The rows shown with their village (the list names it), read in the same query.
        shown = people.select_related("village").defer("village__boundary")
        return _found(shown), people.values("pk")
    shown = people.model.objects.select_related("village").defer("village__boundary").in_bulk(ids[:LIMIT])
    return Found(rows=[shown[pk] for pk in ids[:LIMIT]], count=len(ids)), ids


def _village_named(name: str, query: str) -> bool:
    """Every typed word is in the village's name, folded, or near one of its words (spelling-tolerant keys,
    as for people: "Tangin" finds "Tanghin", "Sabsin" finds "Sabcin")."""
    folded = fold(name)
    stored = name_key(name)
    for word in query.split():
        if fold(word) in folded:
            continue
        key = name_key(word)
        if not key or near_distance(stored, key) > tolerance(key):
            return False
    return True


def villages_found(user, query: str) -> QuerySet:
    """The villages the user may see named like the query, or whose code it is, with their current parcels
    counted. Only when no name holds the typed text are the names of the user's villages read and compared
    by their spelling-tolerant keys (a commune has a few hundred villages, a country a few thousand)."""
    villages = villages_covered(user, "view_records")
    folded = fold(query)
    by_sql = set(
        villages.annotate(folded=Fold("name"))
        .filter(Q(folded__contains=folded) | Q(code__iexact=query.strip()))
        .values_list("pk", flat=True)
    )
    if not by_sql and not any(
        c.isdigit() for c in query
    ):  # a misspelt name: the spelling-tolerant keys decide
        by_sql = {pk for pk, name in villages.values_list("pk", "name") if _village_named(name, query)}
    current = Q(parcels__end_lifespan__isnull=True)
    return (
        villages.filter(pk__in=by_sql)
        .select_related("parent")
        .defer("boundary", "parent__boundary")
        .annotate(parcel_count=Count("parcels", filter=current))
        .order_by("name")
    )


def search(user, query: str) -> dict[str, Found]:
    people, people_ids = _people(people_found(user, query))
    # Parcels held by the people found, as a list of ids: no join per parcel, no DISTINCT over parcels.
    held = RightHolder.objects.filter(right__end_lifespan__isnull=True, party__in=people_ids).values(
        "right__parcel_id"
    )
    found_parcels = Q(pk__in=held)
    if any(c.isdigit() for c in query):  # a parcel number has digits; a name alone leads by the ids only
        found_parcels |= Q(number__icontains=query)
    parcels = (
        parcels_visible_to(user)
        .filter(end_lifespan__isnull=True)
        .filter(found_parcels)
        .select_related("village")
        .defer("geometry", "village__boundary")  # the list shows numbers and names, not shapes
        .order_by("number")
    )
    claims = claims_visible_to(user).filter(receipt_number__icontains=query).order_by("receipt_number")
    certificates = (
        certificates_visible_to(user)
        .filter(number__icontains=query)
        .select_related("village")
        .order_by("number")
    )
    return {
        "villages": _found(villages_found(user, query)),
        "parcels": _found(parcels),
        "claims": _found(claims),
        "certificates": _found(certificates),
        "people": people,
    }


@login_required
def search_page(request):
    query = request.GET.get("q", "").strip()[:100]
    results = search(request.user, query) if len(query) >= 2 else None
    return render(request, "web/search.html", {"query": query, "results": results})
