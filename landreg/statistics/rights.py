"""Right types in force at the end of the period: primary and secondary, customary and formal."""

from django.db.models import Count, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from landreg.rights.models import Right, RRRKind, TenureSystem
from landreg.statistics.figure import Chart, Figure, Series
from landreg.statistics.scope import Scope


def right_types(scope: Scope) -> Figure:
    english = (get_language() or "fr").startswith("en")
    rows = []
    grouped = (
        Right.objects.as_of(scope.end_at)
        .filter(parcel__village__in=scope.village_ids)
        .values(
            "right_type__label_fr",
            "right_type__label_en",
            "right_type__kind",
            "right_type__is_secondary",
            "tenure_system",
        )
        .annotate(n=Count("pk"), area=Sum("parcel__area_m2"))
        .order_by("-right_type__kind", "right_type__is_secondary", "right_type__code", "tenure_system")
    )
    tenure = dict(TenureSystem.choices)
    for row in grouped:
        label = row["right_type__label_en"] if english else row["right_type__label_fr"]
        rows.append(
            [
                label,
                _category(row["right_type__kind"], row["right_type__is_secondary"]),
                str(tenure.get(row["tenure_system"], row["tenure_system"])),
                row["n"],
                (row["area"] or 0.0) / 10_000,
            ]
        )
    return Figure(
        slug="right-types",
        title=_("Rights by type"),
        description=_(
            "Rights in force at the end of the period, primary and secondary (grazing, passage, loan…), "
            "customary or formal, with the area of the parcels they bear on (a secondary right shares its "
            "parcel with the primary right)."
        ),
        columns=[_("Right type"), _("Category"), _("Tenure system"), _("Rights"), _("Hectares")],
        rows=rows,
        chart=Chart("hbar", [f"{r[0]} ({r[2]})" for r in rows], [Series(_("Rights"), [r[3] for r in rows])]),
    )


def _category(kind: str, secondary: bool) -> str:
    if kind != RRRKind.RIGHT:
        return str(RRRKind(kind).label)
    return _("secondary right") if secondary else _("primary right")
