"""Filters of the certificate pages (django-filter): the print queue of rights, the certificate list and the
signing authority's page."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.certificates.models import Certificate, CertificateBatch, CertificateStage, CertificateStatus
from landreg.certificates.selectors import certificates_signable_by, stage_q
from landreg.core.search.numbers import numbered
from landreg.disputes.cases.freeze import frozen_rights_q
from landreg.parties.models import Party
from landreg.parties.name_search import parties_named
from landreg.rights.models import Right, RightHolder, RightType
from landreg.web.lists.filters import (
    ALL_FEMININE,
    DATE_INPUTS,
    SEX_CHOICES,
    ListFilterSet,
    ModelChoiceFilter,
    held_by_sex,
    village_filter,
)

# The rows a dispute holds (no certificate is issued or printed until the case's outcome) and the others: the
# work page counts them apart and links to each.
READY, HELD = "ready", "held"
DISPUTE_CHOICES = [(READY, _("not held by a dispute")), (HELD, _("held by a dispute"))]


def by_dispute(queryset, value: str, held):
    return queryset.filter(held) if value == HELD else queryset.exclude(held)


STAGE_CHOICES = CertificateStage.choices


class PrintQueueFilter(ListFilterSet):
    # A parcel's number, typed or sent by the link of a claim ready for its certificate (« SAB-C-68 » as
    # « SAB-C-00068 », core.search.numbers).
    parcel = django_filters.CharFilter(label=_("Parcel number"), method="by_parcel_number", max_length=100)
    village = village_filter("issue_certificates", field_name="parcel__village")
    right_type = ModelChoiceFilter(
        label=_("Right type"), queryset=RightType.objects.filter(is_secondary=False).order_by("code")
    )
    holder_sex = django_filters.ChoiceFilter(
        label=pgettext_lazy("masculine", "Held by"), choices=SEX_CHOICES, method="by_holder_sex"
    )
    recorded = django_filters.DateFromToRangeFilter(
        label=pgettext_lazy("masculine", "Recorded between"), field_name="begin_lifespan", widget=DATE_INPUTS
    )

    dispute = django_filters.ChoiceFilter(
        label=pgettext_lazy("land dispute", "Dispute"), choices=DISPUTE_CHOICES, method="by_dispute"
    )

    class Meta:
        model = Right
        fields = []

    def by_holder_sex(self, queryset, name, value):
        return queryset.filter(held_by_sex("right", value))

    def by_dispute(self, queryset, name, value):
        return by_dispute(queryset, value, frozen_rights_q())

    def by_parcel_number(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(numbered("parcel__number", text)) if text else queryset


class CertificateListFilter(ListFilterSet):
    # The number on the paper, the parcel's, or a holder's name, as a holder or a bank asks at the counter.
    q = django_filters.CharFilter(
        label=_("Certificate or parcel number, holder"), method="by_number_or_holder", max_length=100
    )
    village = village_filter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CertificateStatus.choices)
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=STAGE_CHOICES, method="by_stage", empty_label=ALL_FEMININE
    )
    dispute = django_filters.ChoiceFilter(
        label=pgettext_lazy("land dispute", "Dispute"), choices=DISPUTE_CHOICES, method="by_dispute"
    )
    holder_sex = django_filters.ChoiceFilter(
        label=pgettext_lazy("masculine", "Held by"), choices=SEX_CHOICES, method="by_holder_sex"
    )
    issued = django_filters.DateFromToRangeFilter(
        label=_("Issued between"), field_name="issue_date", widget=DATE_INPUTS
    )

    class Meta:
        model = Certificate
        fields = []

    def by_stage(self, queryset, name, value):
        return queryset.filter(stage_q(value))

    def by_dispute(self, queryset, name, value):
        return by_dispute(queryset, value, frozen_rights_q(right="right", parcel="parcel"))

    def by_number_or_holder(self, queryset, name, value):
        """Certificates whose number or parcel's number holds the text, or whose right is held by a person
        so named, directly or as a current member of the holding group (folded, spelling-tolerant:
        parties.name_search). Within the certificates listed: the user's."""
        text = value.strip()
        if not text:
            return queryset
        people = parties_named(Party.objects.all(), text).values("pk")
        member = Q(party__memberships__member__in=people, party__memberships__end_lifespan__isnull=True)
        held = RightHolder.objects.filter(Q(party__in=people) | member).values("right_id")
        # « SAB-C-68 » as « SAB-C-00068 », as the header search reads it (core.search.numbers).
        by_number = numbered("number", text) | numbered("parcel__number", text)
        return queryset.filter(by_number | Q(right_id__in=held))

    def by_holder_sex(self, queryset, name, value):
        return queryset.filter(held_by_sex("right", value, outer="right_id", current=False))


QUEUE_SORTS = {
    "parcel": ("parcel__number",),
    "village": ("parcel__village__name", "parcel__number"),
    "recorded": ("begin_lifespan",),
}
CERTIFICATE_SORTS = {
    "number": ("number",),
    "village": ("village__name", "number"),
    "issued": ("issued_at",),
    "status": ("status", "number"),
}


def _batches_signable(request):
    """The print runs that printed certificates the user may sign (whatever became of them since: a run
    whose certificates are all signed is still a choice, and lists none), the latest first."""
    if request is None:
        return CertificateBatch.objects.none()
    printed = certificates_signable_by(request.user).filter(batch__isnull=False).values("batch_id")
    return CertificateBatch.objects.filter(pk__in=printed).select_related("unit").order_by("-created_at")


def batch_label(batch: CertificateBatch) -> str:
    """A print run as a select names it: its village or commune and when it was asked for."""
    return _("%(unit)s, %(date)s") % {
        "unit": batch.unit.name,
        "date": date_format(timezone.localtime(batch.created_at), "d/m/Y H:i"),
    }


class SignaturesFilter(ListFilterSet):
    """The signing authority's page narrowed to a village or a print run (« signer ce lot »), among the
    villages where the user signs and the runs that printed certificates there."""

    village = village_filter("sign_certificates")
    batch = ModelChoiceFilter(label=_("Print run"), queryset=_batches_signable, empty_label=ALL_FEMININE)

    class Meta:
        model = Certificate
        fields = []

    @property
    def form(self):
        form = super().form
        form.fields["batch"].label_from_instance = batch_label
        return form
