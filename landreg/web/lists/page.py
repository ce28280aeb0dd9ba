"""List pages: a FilterSet narrows the user's own rows, a whitelisted key sorts them, a page shows them.

Every list page works the same way, so an office learns it once:
- the view hands over the queryset its selector scoped to the user (nothing else reaches the page);
- a django-filter FilterSet reads ``?village=&state=&...`` (a bad value is shown as an error on its field
  and the list is empty until it is corrected);
- ``?sort=`` is one of the keys the view allows (``-key`` for descending); anything else is the default,
  so a visitor cannot order by a column the page does not show (or by a related personal field);
- ``?page=`` shows ``size`` rows. Like the API (``core/db/paging``), the count is exact up to COUNT_CAP and
  "more than" beyond, and the page reads one row more than it shows to know whether a next page exists.
Paging and sorting links keep the filters, so moving through a filtered list never loses them.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.http import QueryDict
from django.urls import reverse

from landreg.core.db.ids import MAX_OFFSET, BadNumber, whole_number
from landreg.core.db.paging import COUNT_CAP, count_up_to
from landreg.web.kept_until_write import KEPT_SECONDS

PAGE_SIZE = 50


@dataclass
class ListPage:
    rows: list
    number: int
    size: int
    has_next: bool
    count: int | None  # None: more than COUNT_CAP rows match
    cap: int = COUNT_CAP
    filters: str = ""  # the query string of the filters (and sort), without the page
    filters_only: str = ""  # the query string of the filters, without page and sort
    sort: str = ""
    filterset: object = None

    @property
    def filtered(self) -> bool:
        """Whether a filter holds a value (an empty list says why: no row at all, or none of these)."""
        return any(value for _name, value in QueryDict(self.filters_only).items())

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.rows)

    @property
    def last_number(self) -> int | None:
        if self.count is None:
            return None
        return max(1, -(-self.count // self.size))

    def page_query(self, number: int) -> str:
        query = QueryDict(self.filters, mutable=True)
        if number > 1:
            query["page"] = str(number)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def next_query(self) -> str:
        return self.page_query(self.number + 1)

    @property
    def previous_query(self) -> str:
        return self.page_query(self.number - 1)

    @property
    def first_query(self) -> str:
        return self.page_query(1)

    @property
    def last_query(self) -> str:
        return self.page_query(self.last_number or 1)

    def sort_query(self, key: str) -> str:
        """The link of a column header: sorts by ``key``, descending when it already sorts ascending."""
        query = QueryDict(self.filters_only, mutable=True)
        query["sort"] = f"-{key}" if self.sort == key else key
        return f"?{query.urlencode()}"


def list_page(
    request,
    queryset,
    *,
    filterset_class,
    sorts: dict[str, tuple[str, ...]],
    default_sort: str,
    size: int = PAGE_SIZE,
    filterset_kwargs: dict | None = None,
    columns: tuple[str, ...] = (),
    count_key: Callable[[str], str] | None = None,
) -> ListPage:
    """One page of ``queryset`` narrowed by ``filterset_class`` and ordered by a key of ``sorts``.

    ``sorts`` maps a key the page offers to the model fields it orders by (a primary key is added last, so
    that pages never repeat or skip a row between two rows that compare equal).

    ``columns``: the rows are these ``values()`` of a queryset of models (no DISTINCT, no aggregate), read
    for the page's rows only. The page's ids are chosen first, by a subquery that reads ids and sort keys,
    and the count counts ids: PostgreSQL computes the columns of every row an OFFSET skips, so page 117 of
    the parcel list (100,000 parcels) wrote 5,851 shapes as GeoJSON and joined each parcel to its village
    for its name, to show 50 (25 ms of the database's time, 6 ms by ids). The count counts ids whatever the
    list (``core.db.paging.count_up_to``).

    ``count_key(filters)``: the key under which the count of the rows these filters list (the query string
    without page and sort) is kept until the registry changes (web.kept_until_write), or None to count at
    every page: a visitor paging through a list counts it once, not at every page (3.5-8 ms of PostgreSQL
    for the capped count of a commune's 100,000 parcels, bench/profile_load.py).
    """
    params = request.GET
    filterset = filterset_class(
        params or None, queryset=queryset, request=request, **(filterset_kwargs or {})
    )
    # A filter the form refuses (a village outside the user's scope, a date that is not one) lists nothing
    # and says why on its field, rather than quietly listing everything.
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else queryset.none()
    sort = params.get("sort", "")
    if sort.removeprefix("-") not in sorts:
        sort = default_sort
    fields = sorts[sort.removeprefix("-")]
    if sort.startswith("-"):
        fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
    ordered = rows.order_by(*fields, "-pk" if sort.startswith("-") else "pk")
    filters = params.copy()
    filters.pop("page", None)
    filters_only = filters.copy()
    filters_only.pop("sort", None)
    counted = _counter(rows, None if count_key is None else count_key(filters_only.urlencode()))
    number = _page_number(params.get("page"), size)
    page = _read(ordered, number, size, columns)
    if not page[0] and number > 1:  # past the end (a list that shrank, a typed URL): the last page instead
        number = max(1, -(-(counted() or COUNT_CAP) // size))
        page = _read(ordered, number, size, columns)
    shown, has_next = page
    # Always one count (capped), or none when kept: a page costs the same whatever the list holds.
    count = counted()
    if sort == default_sort:
        filters.pop("sort", None)
    return ListPage(
        rows=shown,
        number=number,
        size=size,
        has_next=has_next,
        count=count,
        filters=filters.urlencode(),
        filters_only=filters_only.urlencode(),
        sort=sort,
        filterset=filterset,
    )


def _counter(rows, key: str | None) -> Callable[[], int | None]:
    """The capped count of ``rows``, counted once a page, or read from the cache under ``key``."""
    found: list = []

    def counted() -> int | None:
        if not found:
            kept = caches["pages"].get(key) if key is not None else None
            if kept is None:
                kept = (count_up_to(rows),)  # a tuple: None ("more than the cap") is a count too
                if key is not None:
                    caches["pages"].set(key, kept, KEPT_SECONDS)
            found.append(kept[0])
        return found[0]

    return counted


def detail_url(name: str):
    """``url(pk)``: the address of the page ``name`` for a row's UUID, reversed once for the whole page
    rather than once a row (the resolver's work, 50 times a page and again for the map)."""
    marker = str(uuid.UUID(int=0))
    prefix, suffix = reverse(name, args=[marker]).rsplit(marker, 1)
    return lambda pk: f"{prefix}{pk}{suffix}"


def _read(ordered, number: int, size: int, columns: tuple[str, ...] = ()) -> tuple[list, bool]:
    start = (number - 1) * size
    if columns:  # the page's ids in a subquery, its columns read for them only: still one statement
        ordered = ordered.filter(pk__in=ordered.values("pk")[start : start + size + 1]).values(*columns)
        start = 0
    rows = list(ordered[start : start + size + 1])  # one more: is there a next page?
    return rows[:size], len(rows) > size


def _page_number(text, size: int) -> int:
    """The page asked for; anything that is not a page number is the first page, as Paginator.get_page."""
    try:
        number = whole_number(text, name="page", default=1, low=1)
    except BadNumber:
        return 1
    return min(number, MAX_OFFSET // size)
