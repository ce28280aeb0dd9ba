"""Filters of the agent's page of field submissions (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from landreg.collect.models import Submission, SubmissionState
from landreg.web.lists.filters import DATE_INPUTS, ListFilterSet, village_filter


class SubmissionFilter(ListFilterSet):
    village = village_filter("record_claims")
    state = django_filters.ChoiceFilter(label=_("State"), choices=SubmissionState.choices)
    received = django_filters.DateFromToRangeFilter(
        label=_("Received between"), field_name="received_at", widget=DATE_INPUTS
    )

    class Meta:
        model = Submission
        fields = []


SORTS = {
    "received": ("received_at",),
    "village": ("village__name", "received_at"),
    "state": ("state", "received_at"),
}
