"""Filters shared by the list pages (django-filter): villages of the user's scope, dates, holders' sex."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from landreg.accounts.selectors import villages_covered
from landreg.parties.models import Sex
from landreg.rights.models import RightHolder
from landreg.web.widgets import PlainSelect

DATE_INPUTS = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})  # ?name_after=&name_before=


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


class _ReadOnce(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # one plain statement, not queryset.iterator()
            yield self.choice(obj)


class _ListedChoices(django_filters.fields.ModelChoiceIterator, _ReadOnce):
    """django-filter's choices (with its null choice), read in one statement: Django reads a select's choices
    with ``iterator()``, on PostgreSQL a server-side cursor (DECLARE, FETCH, CLOSE: three round trips to
    the database) for a few dozen villages or right types."""


class _ListedChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _ListedChoices


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter, its choices read in one statement (``_ListedChoices``)."""

    field_class = _ListedChoiceField


def village_filter(codename: str = "view_records", field_name: str = "village"):
    """The villages the user may see, chosen by code (``?village=SAB-C``)."""

    def villages(request):
        # Only what the select shows (a village's boundary can be large), read at each page's form.
        return (
            villages_covered(request.user, codename).only("code", "name").order_by("name") if request else []
        )

    return ModelChoiceFilter(
        field_name=field_name, queryset=villages, to_field_name="code", label=_("Village")
    )


def held_by_sex(rights_path: str, sex: str, *, outer: str = "pk", current: bool = True) -> Exists:
    """Rows with a right held by a person of ``sex``: a holder, or a current member of a holding group.

    ``rights_path`` is the lookup from RightHolder to the row of the list (``right__parcel`` for a parcel,
    ``right`` for a right), matched against the row's ``outer`` field; ``current``: only rights in force.
    The rows are found by one subquery, never by a query per row."""
    direct = Q(party__sex=sex)
    member = Q(party__memberships__member__sex=sex, party__memberships__end_lifespan__isnull=True)
    holders = RightHolder.objects.filter(direct | member, **{rights_path: OuterRef(outer)})
    return Exists(holders.filter(right__end_lifespan__isnull=True) if current else holders)


SEX_CHOICES = [(Sex.FEMALE, _("a woman")), (Sex.MALE, _("a man"))]
