"""The claim list's query parameters (``GET /api/v1/claims/``), declared with django-filter so that the
schema lists them and a value outside their choices is a 400 naming the parameter, never an ignored one."""

import django_filters
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.models import Claim
from landreg.adjudication.selectors import QUEUE_NAMES, claim_queue
from landreg.adjudication.states import ClaimState
from landreg.territory.models import AdministrativeUnit, UnitLevel


class ClaimFilter(django_filters.FilterSet):
    # First: a queue is read with its own permission (selectors.claim_queue), then narrowed by the others.
    queue = django_filters.ChoiceFilter(
        label=_("queue"),
        choices=[(name, name) for name in QUEUE_NAMES],
        method="by_queue",
        help_text="The claims waiting for the caller's part, e.g. screening, committee, approval.",
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=ClaimState.choices)
    village = django_filters.ModelChoiceFilter(
        label=_("Village"),
        field_name="village",
        to_field_name="code",
        queryset=AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE),
        help_text="The village's code, e.g. SAB-C.",
    )

    class Meta:
        model = Claim
        fields = ["queue", "state", "village"]

    def by_queue(self, queryset, name, value):
        return claim_queue(self.request.user, value)
