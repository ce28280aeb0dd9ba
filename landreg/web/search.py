"""The header's search: parcels, claims, certificates and people, each scoped through its selector."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.shortcuts import render

from landreg.adjudication.selectors import claims_visible_to
from landreg.certificates.selectors import certificates_visible_to
from landreg.core.folding import Fold, fold
from landreg.parcels.selectors import parcels_visible_to
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


def people_named(user, words: list[str]) -> QuerySet:
    """Current parties whose name holds every word, folded (case, accents, Ɓ ɗ ŋ ɛ ɔ)."""
    people = parties_visible_to(user).filter(end_lifespan__isnull=True)
    people = people.annotate(
        folded_name=Fold(Concat("last_name", Value(" "), "first_names", Value(" "), "name"))
    )
    for word in words:
        people = people.filter(folded_name__contains=fold(word))
    return people


def search(user, query: str) -> dict[str, Found]:
    words = query.split()
    people = people_named(user, words)
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
