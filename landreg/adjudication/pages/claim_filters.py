"""Filters of the claim list page (django-filter), over the queue the user opened."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from landreg.accounts.selectors import granted_paths
from landreg.adjudication.models import Claim, Claimant, ClaimantRole, CommitteeVote
from landreg.adjudication.selectors import overdue_claims
from landreg.adjudication.states import FINAL_STATES, ClaimPurpose, ClaimState
from landreg.parties.models import Party
from landreg.parties.name_search import parties_named
from landreg.rights.models import RightType
from landreg.web.lists.filters import (
    DATE_INPUTS,
    SEX_CHOICES,
    ListFilterSet,
    ModelChoiceFilter,
    village_filter,
)

PROGRESS_CHOICES = [("open", _("in progress")), ("final", _("finished"))]
VOTE_CHOICES = [("missing", _("not cast yet")), ("cast", _("cast"))]


class ClaimListFilter(ListFilterSet):
    # At the counter a person gives their name or the receipt they were handed (as the header search).
    q = django_filters.CharFilter(
        label=_("Claimant or receipt number"), method="by_name_or_number", max_length=100
    )
    village = village_filter()
    state = django_filters.ChoiceFilter(label=_("State"), choices=ClaimState.choices)
    purpose = django_filters.ChoiceFilter(label=_("Purpose"), choices=ClaimPurpose.choices)
    right_type = ModelChoiceFilter(label=_("Right type"), queryset=RightType.objects.order_by("code"))
    claimant_sex = django_filters.ChoiceFilter(
        label=_("Claimed by"), choices=SEX_CHOICES, method="by_claimant_sex"
    )
    progress = django_filters.ChoiceFilter(
        label=_("Progress"), choices=PROGRESS_CHOICES, method="by_progress"
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="by_overdue")
    my_vote = django_filters.ChoiceFilter(label=_("My vote"), choices=VOTE_CHOICES, method="by_my_vote")
    notice_end = django_filters.DateFromToRangeFilter(
        label=_("Notice ending between"), field_name="notice_end", widget=DATE_INPUTS
    )
    lodged = django_filters.DateFromToRangeFilter(
        label=_("Created between"), field_name="created_at", widget=DATE_INPUTS
    )

    class Meta:
        model = Claim
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # « Mon vote » is a committee member's filter: a field agent, the land office or the mayor, who vote
        # in no committee, were offered to filter by votes they cannot cast. Their grants are read once a
        # request (accounts.selectors.granted_paths): no statement more.
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated or not granted_paths(user, "vote_committee"):
            del self.filters["my_vote"]

    def by_name_or_number(self, queryset, name, value):
        """Claims whose receipt number holds the text, or naming as one who claims (holder, group member,
        mandatary; not a witness) a person so named: registered (their party's names) or written on the
        claim only, folded and spelling-tolerant (parties.name_search). Within the claims listed: the
        user's."""
        text = value.strip()
        if not text:
            return queryset
        claiming = Claimant.objects.exclude(role=ClaimantRole.WITNESS)
        people = parties_named(Party.objects.all(), text).values("pk")
        named = claiming.filter(Q(party__in=people) | Q(pk__in=parties_named(claiming, text).values("pk")))
        return queryset.filter(Q(receipt_number__icontains=text) | Q(pk__in=named.values("claim_id")))

    def by_claimant_sex(self, queryset, name, value):
        """Claims naming a woman (or a man) among those who will hold: claimant, group member, mandatary."""
        people = Claimant.objects.filter(claim=OuterRef("pk")).exclude(role=ClaimantRole.WITNESS)
        return queryset.filter(Exists(people.filter(Q(sex=value) | Q(party__sex=value))))

    def by_progress(self, queryset, name, value):
        finished = Q(state__in=FINAL_STATES)
        return queryset.filter(finished) if value == "final" else queryset.exclude(finished)

    def by_overdue(self, queryset, name, value):
        late = overdue_claims(Claim.objects.all()).values("pk")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def by_my_vote(self, queryset, name, value):
        mine = Exists(  # in the claim's current round: a claim back before its committee awaits a new vote
            CommitteeVote.objects.filter(
                claim=OuterRef("pk"), round=OuterRef("committee_round"), member=self.request.user
            )
        )
        return queryset.filter(mine if value == "cast" else ~mine)


SORTS = {
    "receipt": ("receipt_number",),
    "village": ("village__name", "receipt_number"),
    "state": ("state", "receipt_number"),
    "created": ("created_at",),
    "notice_end": ("notice_end",),
}
