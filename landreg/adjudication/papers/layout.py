"""What every paper of the procedure shares: its heading (commune, village, title), facts as a two-column
table, the plan of the claimed boundary, the boxes where people sign or put their mark, and the build."""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from landreg.core.formats.pdf import Plan, a4_document, column_widths, fr_number, paragraph, plan_of
from landreg.core.geometry import format_ha_a_ca, projected_srid_for, to_srid
from landreg.territory.models import UnitLevel

PLAN_SIZE = 62 * mm
# Room for a signature or a thumbprint: a fingerprint is about 2 cm by 2.5 cm.
MARK_HEIGHT = 22 * mm


def short_date(value) -> str:
    return date_format(value, "d/m/Y") if value else "—"


def user_name(user) -> str:
    return user.display_name if user else "—"


def heading(village, title: str, reference: str) -> list:
    commune = village.ancestor_at(UnitLevel.COMMUNE)
    return [
        paragraph(
            _("Commune of %(commune)s — village of %(village)s")
            % {"commune": commune.name if commune else "—", "village": village.name},
            "heading",
        ),
        paragraph(title, "title"),
        paragraph(reference, "subheading"),
        Spacer(1, 2 * mm),
    ]


def facts(rows: list[tuple[str, str]], width: float) -> Table:
    """Label and value side by side, the labels in bold; a value is plain text, never markup."""
    texts = [[label, value or "—"] for label, value in rows]
    widths = column_widths(texts, width, header_rows=0)
    table = Table(
        [[paragraph(label, "cell_header"), paragraph(value, "cell")] for label, value in texts],
        colWidths=widths,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    return table


def area_text(geometry, village) -> str:
    srid = projected_srid_for(geometry, village.effective_projected_srid())
    area = to_srid(geometry, srid).area
    return f"{format_ha_a_ca(area)} ({fr_number(area)} m², EPSG:{srid})"


def parcel_row(claim, pending: str = "—") -> tuple[str, str]:
    """A first claim's parcel number (reserved at screening: ``pending`` before), or the parcels a change
    concerns."""
    if claim.is_change:
        return _("Parcels concerned"), ", ".join(p.number for p in claim.subject_parcels.all())
    return _("Parcel number"), claim.parcel_number or pending


def limits(claim) -> list[tuple[str, str]]:
    return [
        (_("Limit to the north"), claim.limit_north),
        (_("Limit to the east"), claim.limit_east),
        (_("Limit to the south"), claim.limit_south),
        (_("Limit to the west"), claim.limit_west),
    ]


def plan_beside(claim, rows: list[tuple[str, str]], width: float) -> Table:
    """The facts of the parcel on the left, the plan of the claimed boundary on the right."""
    srid = projected_srid_for(claim.geometry, claim.village.effective_projected_srid())
    left = facts(rows, width - PLAN_SIZE - 6 * mm)
    table = Table(
        [[left, Plan(plan_of(claim.geometry, srid), PLAN_SIZE)]], colWidths=[None, PLAN_SIZE + 6 * mm]
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (1, 0), (1, 0), 6 * mm)]))
    return table


def mark_boxes(people: list[tuple[str, str]], width: float, columns: int = 3) -> KeepTogether:
    """One box per person (who, in what capacity) to sign or put a thumbprint in; kept on one page."""
    cells = [
        [paragraph(name, "cell_header"), paragraph(capacity, "cell"), Spacer(1, MARK_HEIGHT)]
        for name, capacity in people
    ]
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    if rows:
        rows[-1] += [""] * (columns - len(rows[-1]))
    table = Table(rows, colWidths=[width / columns] * columns)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.4, colors.black),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return KeepTogether([paragraph(_("Signatures or marks"), "subheading"), table])


def build(title: str, story_for) -> bytes:
    """``story_for(width)`` gives the paper's flowables for the page's text width. Callers run this under
    ``translation.override("fr")``: the papers are in French, the language of the procedure's documents (the
    pages' links say « (in French) » to English readers)."""
    buffer = io.BytesIO()
    doc = a4_document(buffer, title=title)
    doc.build(story_for(doc.width))
    return buffer.getvalue()
