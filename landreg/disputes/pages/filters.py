"""Filters of the dispute case list (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.disputes.models import DisputeCase, DisputeParty
from landreg.disputes.selectors import overdue_q, to_finalise_q
from landreg.disputes.states import DisputeKind, DisputeOrigin, DisputeStatus
from landreg.web.lists.filters import ALL_FEMININE, DATE_INPUTS, SEX_CHOICES, ListFilterSet, village_filter

OPEN_CHOICES = [("open", _("open cases")), ("closed", _("closed cases"))]


class CaseListFilter(ListFilterSet):
    village = village_filter("view_records")
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("dispute case", "Status"), choices=DisputeStatus.choices
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=DisputeKind.choices)
    origin = django_filters.ChoiceFilter(
        label=_("Origin"), choices=DisputeOrigin.choices, empty_label=ALL_FEMININE
    )
    open = django_filters.ChoiceFilter(label=_("Open or closed"), choices=OPEN_CHOICES, method="by_open")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="by_overdue")
    to_finalise = django_filters.BooleanFilter(
        label=_("Period to go to court or appeal over"), method="by_to_finalise"
    )
    party_sex = django_filters.ChoiceFilter(label=_("A party is"), choices=SEX_CHOICES, method="by_party_sex")
    opened = django_filters.DateFromToRangeFilter(
        label=_("Opened between"), field_name="opened_at", widget=DATE_INPUTS
    )

    class Meta:
        model = DisputeCase
        fields = []

    def by_open(self, queryset, name, value):
        return queryset.filter(closed_at__isnull=(value == "open"))

    def by_overdue(self, queryset, name, value):
        # The deadline test joins the sessions: select the cases by id so that none is listed twice.
        late = DisputeCase.objects.filter(overdue_q()).values("pk")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def by_to_finalise(self, queryset, name, value):
        return queryset.filter(to_finalise_q()) if value else queryset.exclude(to_finalise_q())

    def by_party_sex(self, queryset, name, value):
        people = DisputeParty.objects.filter(Q(sex=value) | Q(party__sex=value), case=OuterRef("pk"))
        return queryset.filter(Exists(people))


SORTS = {
    "number": ("number",),
    "village": ("village__name", "number"),
    "opened": ("opened_at",),
    "status": ("status", "opened_at"),
    "due": ("conciliation_due",),
}


class OpenCaseFilter(ListFilterSet):
    """The open cases of the home page: by village, type, origin and whether they are overdue."""

    village = village_filter("view_records")
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=DisputeKind.choices)
    origin = django_filters.ChoiceFilter(
        label=_("Origin"), choices=DisputeOrigin.choices, empty_label=ALL_FEMININE
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), field_name="late_first", method="by_late")

    class Meta:
        model = DisputeCase
        fields = []

    def by_late(self, queryset, name, value):
        return queryset.filter(late_first=0 if value else 1)


# The home page's open cases: overdue first, then the oldest (late_first from selectors.with_late_first).
# Its "Age (days)" column sorts by age: ascending is the youngest case first, the latest opened.
OPEN_SORTS = {
    "overdue": ("late_first", "opened_at"),
    "number": ("number",),
    "village": ("village__name", "number"),
    "age": ("-opened_at",),
    "status": ("status", "opened_at"),
}
