"""The village notice board as a printable A4 PDF (French, the language of posting).

Printed in DejaVu Sans through ``landreg.core.formats.pdf`` (names such as "Ɓoukary" print as written, and a
name in angle brackets is text, not markup); the columns are sized so that no word or date is cut.

Shows what the law asks to post and nothing more: dates, parcel numbers, place, area and claimant names.
No ID number and no birth date ever reaches this document.
"""

import datetime as dt
import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from landreg.accounts.roles import Role
from landreg.accounts.selectors import role_holder
from landreg.adjudication.models import ClaimantRole
from landreg.core.dates import long_date
from landreg.core.formats.pdf import a4_document, grid_table, paragraph
from landreg.core.geometry import format_ha_a_ca
from landreg.core.search.collation import name_order_key


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
    """The board's rows of ``claims`` as selectors.claims_on_notice reads them (their parcels' rights in
    force with their holders read with them, ``rights_in_force``)."""
    rows = []
    for claim in claims:
        names = [c.public_name for c in claim.claimants.all() if c.role == ClaimantRole.HOLDER]
        numbers = [claim.parcel_number] if claim.parcel_number else []
        if claim.is_change:
            # A change is posted with the parcels it concerns; without new holders, with the current ones: the
            # holders of the rights in force (rights.models.in_force_on), not a lessee whose term is over.
            subjects = list(claim.subject_parcels.all())
            numbers = [p.number for p in subjects]
            names = names or sorted(
                {h.party.display_name for p in subjects for r in p.rights_in_force for h in r.holders.all()},
                key=name_order_key,
            )
        rows.append(
            NoticeRow(
                receipt_number=claim.receipt_number or "",
                purpose=str(claim.get_purpose_display()),
                parcel_number=", ".join(numbers),
                place=claim.local_name,
                area=format_ha_a_ca(claim.area_m2),
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
    # Always French, whatever the language of whoever prints it: posted in the village, the notice is a legal
    # act of the procedure, in the official language, and its objection period runs from the posted text.
    # The English page's link says « (in French) »; the page itself shows the same rows in the reader's
    # language. (The parcel's extract, an information document, follows the reader: registers/extract_pdf.py.)
    with translation.override("fr"):
        return _build(village, notice_rows(claims), today)


def _build(village, rows: list[NoticeRow], today: dt.date) -> bytes:
    buffer = io.BytesIO()
    commune = village.parent
    doc = a4_document(buffer, title=_("Public notice of land claims"))
    story = [
        paragraph(_("PUBLIC NOTICE OF LAND CLAIMS"), "title"),
        paragraph(
            _("Village of %(village)s — commune of %(commune)s")
            % {"village": village.name, "commune": commune.name},
            "heading",
        ),
        paragraph(_("Posted on %(date)s") % {"date": long_date(today)}),
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
    texts = [header] + [
        [
            row.receipt_number,
            row.purpose,
            row.parcel_number,
            row.place,
            row.area,  # no-break spaces inside: "1 ha 05 a 20 ca" is one quantity, kept on one line
            row.claimants,
            date_format(row.start, "d/m/Y"),
            date_format(row.end, "d/m/Y"),
        ]
        for row in rows
    ]
    table = grid_table(texts, doc.width, empty=_("No claim is under public notice today."))
    story += [
        table,
        Spacer(1, 6 * mm),
        paragraph(_("How to object"), "subheading"),
        paragraph(how_to_object(village)),
        Spacer(1, 12 * mm),
        paragraph(_("The president of the land committee")),
    ]
    # The president signs the notice: their name under the title, as on the site record (the board printed
    # the title alone, to be filled in by hand).
    president = role_holder(role=Role.COMMITTEE_PRESIDENT, unit=village, on=today)
    if president is not None:
        story += [Spacer(1, 14 * mm), paragraph(president.display_name)]
    doc.build(story)
    return buffer.getvalue()
