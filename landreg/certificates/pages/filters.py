"""Filters of the certificate pages (django-filter): the print queue of rights and the certificate list."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.certificates.models import Certificate, CertificateStatus
from landreg.certificates.selectors import stage_q
from landreg.rights.models import Right, RightType
from landreg.web.list_filters import (
    ALL_FEMININE,
    DATE_INPUTS,
    SEX_CHOICES,
    ListFilterSet,
    ModelChoiceFilter,
    held_by_sex,
    village_filter,
)

STAGE_CHOICES = [
    ("to_print", _("to print")),
    ("to_sign", _("to sign")),
    ("to_deliver", _("to deliver")),
    ("delivered", _("delivered")),
]


class PrintQueueFilter(ListFilterSet):
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

    class Meta:
        model = Right
        fields = []

    def by_holder_sex(self, queryset, name, value):
        return queryset.filter(held_by_sex("right", value))


class CertificateListFilter(ListFilterSet):
    village = village_filter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CertificateStatus.choices)
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=STAGE_CHOICES, method="by_stage", empty_label=ALL_FEMININE
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
