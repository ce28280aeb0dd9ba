"""The header's search: parcels, claims, certificates and people, each scoped through its selector."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.shortcuts import render

from landreg.accounts.selectors import villages_covered
from landreg.adjudication.selectors import claims_visible_to
from landreg.certificates.selectors import certificates_visible_to
from landreg.parcels.selectors import parcels_visible_to
from landreg.parties.name_search import parties_named
from landreg.parties.selectors import parties_visible_to

LIMIT = 50  # rows shown per kind; the count says how many more there are


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
    if not id_number:
        return named
    by_id = current.filter(
        id_document_number__iexact=id_number,
        village__in=villages_covered(user, "view_personal_data"),
    )
    if not by_id.exists():
        return named
    return current.filter(Q(pk__in=named.values("pk")) | Q(pk__in=by_id.values("pk"))).order_by("search_name")


def search(user, query: str) -> dict[str, Found]:
    people = people_found(user, query)
    parcels = (
        parcels_visible_to(user)
        .filter(end_lifespan__isnull=True)
        .filter(
            Q(number__icontains=query)
            | Q(
                rights__end_lifespan__isnull=True,
                rights__holders__party__in=people.values("pk"),
            )
        )
        .select_related("village")
        .distinct()
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
        "parcels": _found(parcels),
        "claims": _found(claims),
        "certificates": _found(certificates),
        "people": _found(people.select_related("village")),
    }


@login_required
def search_page(request):
    query = request.GET.get("q", "").strip()[:100]
    results = search(request.user, query) if len(query) >= 2 else None
    return render(request, "web/search.html", {"query": query, "results": results})
