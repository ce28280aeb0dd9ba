"""The village notice board as a printable A4 PDF (French, the language of posting).

Shows what the law asks to post and nothing more: dates, parcel numbers, place, area and claimant names.
No ID number and no birth date ever reaches this document.
"""

import datetime as dt
import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from landreg.adjudication.models import ClaimantRole
from landreg.core.geometry import hectares_ares_centiares, projected_area_m2


@dataclass(frozen=True)
class NoticeRow:
    receipt_number: str
    purpose: str
    parcel_number: str
    place: str
    area: str
    claimants: str
    start: dt.date
    end: dt.date


def notice_rows(claims) -> list[NoticeRow]:
    rows = []
    for claim in claims:
        ha, a, ca = hectares_ares_centiares(projected_area_m2(claim.geometry)[0])
        names = [c.public_name for c in claim.claimants.all() if c.role == ClaimantRole.HOLDER]
        numbers = [claim.parcel_number] if claim.parcel_number else []
        if claim.is_change:
            # A change is posted with the parcels it concerns; without new holders, with the current ones.
            subjects = list(claim.subject_parcels.all())
            numbers = [p.number for p in subjects]
            names = names or sorted(
                {h.party.display_name for p in subjects for r in p.rights.current() for h in r.holders.all()}
            )
        rows.append(
            NoticeRow(
                receipt_number=claim.receipt_number or "",
                purpose=str(claim.get_purpose_display()),
                parcel_number=", ".join(numbers),
                place=claim.local_name,
                area=f"{ha} ha {a:02d} a {ca:02d} ca",
                claimants=", ".join(names),
                start=claim.notice_start,
                end=claim.notice_end,
            )
        )
    return rows


def how_to_object(village) -> str:
    return _(
        "Anyone who has a right on these lands or disputes their limits may lodge an objection until the end "
        "date shown, at the land office of the commune or with the field agent of %(village)s, stating their "
        "identity and the grounds of the objection, with any supporting documents. No objection is received "
        "after that date."
    ) % {"village": village.name}


def notice_board_pdf(*, village, claims, today: dt.date) -> bytes:
    with translation.override("fr"):
        return _build(village, notice_rows(claims), today)


def _build(village, rows: list[NoticeRow], today: dt.date) -> bytes:
    buffer = io.BytesIO()
    commune = village.parent
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Public notice of land claims"),
        author="Landreg",
    )
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    story = [
        Paragraph(_("PUBLIC NOTICE OF LAND CLAIMS"), styles["Title"]),
        Paragraph(
            _("Village of %(village)s — commune of %(commune)s")
            % {"village": village.name, "commune": commune.name},
            styles["Heading2"],
        ),
        Paragraph(_("Posted on %(date)s") % {"date": date_format(today, "j F Y")}, styles["Normal"]),
        Spacer(1, 5 * mm),
    ]
    header = [
        _("Receipt"),
        _("Application"),
        _("Parcel"),
        _("Place"),
        _("Area"),
        _("Claimants"),
        _("Notice from"),
        _("Objections until"),
    ]
    data = [[Paragraph(h, small) for h in header]]
    for row in rows:
        data.append(
            [
                Paragraph(row.receipt_number, small),
                Paragraph(row.purpose, small),
                Paragraph(row.parcel_number, small),
                Paragraph(row.place, small),
                Paragraph(row.area, small),
                Paragraph(row.claimants, small),
                Paragraph(date_format(row.start, "d/m/Y"), small),
                Paragraph(date_format(row.end, "d/m/Y"), small),
            ]
        )
    if not rows:
        data.append([Paragraph(_("No claim is under public notice today."), small), *[""] * 7])
    table = Table(
        data, colWidths=[33 * mm, 22 * mm, 22 * mm, 16 * mm, 20 * mm, 33 * mm, 17 * mm, 17 * mm], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 6 * mm),
        Paragraph(_("How to object"), styles["Heading3"]),
        Paragraph(how_to_object(village), styles["BodyText"]),
        Spacer(1, 12 * mm),
        Paragraph(_("The president of the land committee"), styles["Normal"]),
    ]
    doc.build(story)
    return buffer.getvalue()
