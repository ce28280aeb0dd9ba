"""Filters of the claim list page (django-filter), over the queue the user opened."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.models import Claim, Claimant, ClaimantRole
from landreg.adjudication.states import ClaimPurpose, ClaimState
from landreg.rights.models import RightType
from landreg.web.list_filters import DATE_INPUTS, SEX_CHOICES, ListFilterSet, village_filter


class ClaimListFilter(ListFilterSet):
    village = village_filter()
    state = django_filters.ChoiceFilter(label=_("State"), choices=ClaimState.choices)
    purpose = django_filters.ChoiceFilter(label=_("Purpose"), choices=ClaimPurpose.choices)
    right_type = django_filters.ModelChoiceFilter(
        label=_("Right type"), queryset=RightType.objects.order_by("code")
    )
    claimant_sex = django_filters.ChoiceFilter(
        label=_("Claimed by"), choices=SEX_CHOICES, method="by_claimant_sex"
    )
    lodged = django_filters.DateFromToRangeFilter(
        label=_("Created between"), field_name="created_at", widget=DATE_INPUTS
    )

    class Meta:
        model = Claim
        fields = []

    def by_claimant_sex(self, queryset, name, value):
        """Claims naming a woman (or a man) among those who will hold: claimant, group member, mandatary."""
        people = Claimant.objects.filter(claim=OuterRef("pk")).exclude(role=ClaimantRole.WITNESS)
        return queryset.filter(Exists(people.filter(Q(sex=value) | Q(party__sex=value))))


SORTS = {
    "receipt": ("receipt_number",),
    "village": ("village__name", "receipt_number"),
    "state": ("state", "receipt_number"),
    "created": ("created_at",),
    "notice_end": ("notice_end",),
}
