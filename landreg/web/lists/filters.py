"""Filters shared by the list pages (django-filter): villages of the user's scope, dates, holders' sex."""

import uuid
from collections.abc import Callable
from functools import partial

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.accounts.selectors import granted_paths, villages_covered
from landreg.core import clock
from landreg.core.db.id_lists import PrefixedBy
from landreg.core.db.kept import KeptQuery, loaded, rows_together
from landreg.parties.models import Sex
from landreg.rights.models import RightHolder, in_force_on
from landreg.territory.models import AdministrativeUnit, UnitLevel
from landreg.web.widgets import PlainSelect

DATE_INPUTS = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})  # ?name_after=&name_before=

# The empty choice of a list's select: « Tous » (« Toutes » for a feminine noun: Origine, Étape), not
# Django's « --------- ».
ALL = pgettext_lazy("masculine", "All")
ALL_FEMININE = pgettext_lazy("feminine", "All")
EMPTY_CHOICE_LABEL = django_filters.conf.settings.EMPTY_CHOICE_LABEL


class YesNoOrAll(django_filters.widgets.BooleanWidget):
    """A yes-or-no filter's select: « Tous », « Oui », « Non » (``?overdue=true``). Django's own select for
    a BooleanFilter offered « Inconnu » as its empty choice, which reads as a state of the rows."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", ALL), ("true", _("Yes")), ("false", _("No"))]


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet whose ``defaults`` apply when the visitor has not chosen otherwise (e.g. current rows)."""

    defaults: dict[str, str] = {}

    def __init__(self, data=None, *args, **kwargs):
        if self.defaults:
            data = data.copy() if data is not None else {}
            for name, value in self.defaults.items():
                data.setdefault(name, value)
        super().__init__(data, *args, **kwargs)
        for list_filter in self.filters.values():  # each instance has its own copies of the filters
            if getattr(list_filter.field_class, "widget", None) is forms.Select:
                list_filter.extra.setdefault("widget", PlainSelect)
            if isinstance(list_filter, django_filters.BooleanFilter):
                list_filter.extra.setdefault("widget", YesNoOrAll)
            # django-filter's ModelChoiceFilter sets « --------- » itself: replaced unless a filter chose.
            if isinstance(list_filter, django_filters.ChoiceFilter) and list_filter.extra.get(
                "empty_label", EMPTY_CHOICE_LABEL
            ) in (EMPTY_CHOICE_LABEL, ""):
                list_filter.extra["empty_label"] = ALL

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            # A date range's label names its first date only (« Enregistré entre ») : the second is named
            # for a screen reader (« Enregistré entre : date de fin »).
            if isinstance(field.widget, django_filters.widgets.DateRangeWidget):
                field.widget.widgets[1].attrs["aria-label"] = _("%(label)s: end date") % {
                    "label": field.label
                }
        return form


class _ReadOnce(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        listed = getattr(self.field, "listed", None)
        found = listed() if listed is not None else None
        # The choices read by a statement kept once per process (``listed``), else one plain statement (not
        # queryset.iterator()).
        for obj in self.queryset if found is None else found:
            yield self.choice(obj)


class _ListedChoices(django_filters.fields.ModelChoiceIterator, _ReadOnce):
    """django-filter's choices (with its null choice), read in one statement: Django reads a select's choices
    with ``iterator()``, on PostgreSQL a server-side cursor (DECLARE, FETCH, CLOSE: three round trips to
    the database) for a few dozen villages or right types."""


class _ListedChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _ListedChoices


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter, its choices read in one statement (``_ListedChoices``).

    ``listed(request)``: the same choices as the queryset, as instances with the columns the select shows,
    read by a statement built once per process (core.db.kept; the ORM built the choices' statement at every
    page), or None to read the queryset. The queryset still checks a value chosen."""

    field_class = _ListedChoiceField

    def __init__(self, *args, listed=None, **kwargs):
        self.listed = listed
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        if self.listed is not None:
            field.listed = partial(self.listed, self.get_request())
        return field


def village_filter(codename: str = "view_records", field_name: str = "village"):
    """The villages the user may see, chosen by code (``?village=SAB-C``)."""

    def villages(request):
        # Only what the select shows (a village's boundary can be large), read at each page's form.
        return (
            villages_covered(request.user, codename).only("code", "name").order_by("name") if request else []
        )

    def listed(request):
        user = request.user if request else None
        if user is None or (user.is_authenticated and user.is_active and user.is_superuser):
            return None  # every village: the queryset's own statement
        return [
            loaded(AdministrativeUnit, {"id": pk, "code": code, "name": name})
            for pk, code, name in read_once(request, f"villages:{codename}", villages_listed, user, codename)
        ]

    return ModelChoiceFilter(
        field_name=field_name, queryset=villages, to_field_name="code", label=_("Village"), listed=listed
    )


def read_once(request, name: str, read: Callable, *args):
    """``read(*args)``, read once for the request: what a page reads for its kept content's key (its
    choices, web.parcels.listing) and its form prints, in one statement instead of two."""
    memo = _read_once_memo(request)
    if name not in memo:
        memo[name] = read(*args)
    return memo[name]


def read_once_together(request, reads: dict[str, tuple[KeptQuery, dict] | None]) -> dict[str, list]:
    """The rows of each named kept read (None: no rows), those not read yet for the request in one round
    trip (core.db.kept.rows_together), and remembered for ``read_once`` under their names."""
    memo = _read_once_memo(request)
    wanted = {name: read for name, read in reads.items() if name not in memo and read is not None}
    for name, rows in zip(wanted, rows_together(*wanted.values()), strict=True):
        memo[name] = rows
    return {name: memo.get(name, []) for name in reads}


def _read_once_memo(request) -> dict:
    return request.__dict__.setdefault("_landreg_read_once", {})


def villages_read(user, codename: str = "view_records") -> tuple[KeptQuery, dict] | None:
    """The kept read of ``villages_listed`` and its values, or None when the user may see no village. Also
    the header search's scope (web.search), so that one statement reads the villages under a user's grants."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return _EVERY_VILLAGE, {}
    paths = granted_paths(user, codename)
    return (_VILLAGES, {"paths": sorted(paths)}) if paths else None


def villages_listed(user, codename: str = "view_records") -> list[tuple]:
    """(id, code, name) of the villages the user may see, by name: the choices of ``village_filter``."""
    read = villages_read(user, codename)
    return read[0].rows(**read[1]) if read is not None else []


# The villages under any of the units where the user holds a permission (villages_covered), by name.
_VILLAGES = KeptQuery(
    lambda paths: (
        AdministrativeUnit.objects.filter(PrefixedBy("path", paths), level=UnitLevel.VILLAGE)
        .order_by("name")
        .values_list("pk", "code", "name")
    ),
    paths=[str(uuid.uuid4())],
)
# Every village, by name: a superuser's.
_EVERY_VILLAGE = KeptQuery(
    lambda: (
        AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE)
        .order_by("name")
        .values_list("pk", "code", "name")
    )
)


def held_by_sex(rights_path: str, sex: str, *, outer: str = "pk", current: bool = True) -> Exists:
    """Rows with a right held by a person of ``sex``: a holder, or a current member of a holding group.

    ``rights_path`` is the lookup from RightHolder to the row of the list (``right__parcel`` for a parcel,
    ``right`` for a right), matched against the row's ``outer`` field; ``current``: only rights in force.
    The rows are found by one subquery, never by a query per row."""
    direct = Q(party__sex=sex)
    member = Q(party__memberships__member__sex=sex, party__memberships__end_lifespan__isnull=True)
    holders = RightHolder.objects.filter(direct | member, **{rights_path: OuterRef(outer)})
    return Exists(holders.filter(in_force_on(clock.today(), prefix="right__")) if current else holders)


SEX_CHOICES = [(Sex.FEMALE, _("a woman")), (Sex.MALE, _("a man"))]
