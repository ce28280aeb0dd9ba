"""The claim receipt (récépissé de dépôt): what was lodged, by whom, when, on which land, with which papers.

Handed to the claimant when the claim is submitted. ID numbers and birth dates print only for a user who
may see personal data (``personal``); a receipt printed by anyone else shows the names alone.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from landreg.adjudication.models import ClaimantRole
from landreg.adjudication.papers.layout import (
    area_text,
    build,
    facts,
    heading,
    limits,
    mark_boxes,
    parcel_row,
    plan_beside,
    short_date,
    user_name,
)
from landreg.core.dates import long_date
from landreg.core.formats.pdf import grid_table, paragraph
from landreg.parcels.models import LandUse
from landreg.parties.models import PartyKind, Sex


def lodged_event(claim):
    """The first submission: the day the claim was lodged and the receipt number given."""
    return claim.events.filter(move="submit").order_by("occurred_at", "id").first()


def _born(sex: str, date: str, place: str) -> str:
    """« née le … à … » for a woman, « né le … » for a man, « né(e) » only when the sex is not recorded."""
    values = {"date": date, "place": place}
    if sex == Sex.FEMALE:
        said = (
            pgettext("woman", "born on %(date)s in %(place)s"),
            pgettext("woman", "born on %(date)s"),
            pgettext("woman", "born in %(place)s"),
        )
    elif sex == Sex.MALE:
        said = (
            pgettext("man", "born on %(date)s in %(place)s"),
            pgettext("man", "born on %(date)s"),
            pgettext("man", "born in %(place)s"),
        )
    else:
        said = (_("born on %(date)s in %(place)s"), _("born on %(date)s"), _("born in %(place)s"))
    if date and place:
        return said[0] % values
    if date:
        return said[1] % values
    return said[2] % values if place else ""


def _identity(claimant) -> str:
    """ID document, birth date and place, profession, domicile: the claimant's, or the registered party's."""
    source = claimant.party if claimant.party_id else claimant
    if getattr(source, "kind", PartyKind.NATURAL) != PartyKind.NATURAL:
        return ""
    parts = []
    if source.id_document_number:
        parts.append(f"{source.get_id_document_type_display()} {source.id_document_number}")
    date = short_date(source.birth_date) if source.birth_date else ""
    if born := _born(source.sex, date, source.birth_place):
        parts.append(born)
    for extra in (getattr(source, "profession", ""), getattr(source, "domicile", "")):
        if extra:
            parts.append(extra)
    return " · ".join(parts)


def _claimant_rows(claim, personal: bool) -> list[list[str]]:
    header = [_("Name"), _("Capacity"), _("Share")]
    if personal:
        header.append(_("Identity"))
    rows = [header]
    order = {
        ClaimantRole.HOLDER: 0,
        ClaimantRole.MANDATARY: 1,
        ClaimantRole.MEMBER: 2,
        ClaimantRole.WITNESS: 3,
    }
    for c in sorted(claim.claimants.all(), key=lambda c: (order.get(c.role, 9), c.pk)):
        name = c.public_name
        if c.kind == PartyKind.GROUP and c.group_type:
            name = f"{name} ({c.get_group_type_display()})"
        share = "" if c.role == ClaimantRole.WITNESS else str(c.share)
        row = [name, str(c.get_role_display()), share]
        if personal:
            row.append(_identity(c))
        rows.append(row)
    return rows


def _signers(claim) -> list[tuple[str, str]]:
    """The mandatary signs for a group; each holder for themselves; then the agent who received it."""
    mandataries = [c for c in claim.claimants.all() if c.role == ClaimantRole.MANDATARY]
    people = [(c.public_name, _("mandatary of the group")) for c in mandataries]
    if not mandataries:
        people = [(c.public_name, _("claimant")) for c in claim.applicants]
    return [*people, (user_name(claim.created_by), _("agent who received the claim"))]


def claim_receipt_pdf(*, claim, personal: bool) -> bytes:
    # French, as the other papers of the procedure (site_record.py says why); the English link says so.
    with translation.override("fr"):
        title = _("RECEIPT FOR A LAND CLAIM")
        return build(title, lambda width: _story(claim, personal, width, title))


def _story(claim, personal: bool, width: float, title: str) -> list:
    lodged = lodged_event(claim)
    if claim.notice_start:
        notice = _("from %(start)s to %(end)s") % {
            "start": long_date(claim.notice_start),
            "end": long_date(claim.notice_end),
        }
    else:
        notice = _("set when the land office accepts the claim and posts it")
    documents = [
        [_("Document"), _("Reference"), _("Date")],
        *(
            [str(d.get_source_type_display()), d.reference, short_date(d.document_date)]
            for d in claim.documents.order_by("document_date", "source_type")
        ),
    ]
    story = heading(claim.village, title, _("Receipt no. %(number)s") % {"number": claim.receipt_number})
    story += [
        facts(
            [
                (_("Lodged on"), long_date(lodged.occurred_at.date()) if lodged else "—"),
                (_("Application"), str(claim.get_purpose_display())),
                (_("Right claimed"), str(claim.right_type)),
                (_("Procedure"), claim.profile.name),
                (_("Recorded by"), user_name(claim.created_by)),
                (_("Public notice"), notice),
            ],
            width,
        ),
        paragraph(_("Claimants"), "subheading"),
        grid_table(_claimant_rows(claim, personal), width),
        paragraph(_("Parcel"), "subheading"),
        plan_beside(
            claim,
            [
                parcel_row(claim, pending=_("given at screening")),
                (_("Place"), claim.local_name),
                (_("Area"), area_text(claim.geometry, claim.village)),
                (_("Land use"), str(dict(LandUse.choices).get(claim.land_use, claim.land_use))),
                *limits(claim),
            ],
            width,
        ),
        paragraph(_("Documents attached"), "subheading"),
        grid_table(documents, width, empty=pgettext("feminine", "None.")),  # pièces jointes
        Spacer(1, 3 * mm),
        paragraph(
            _(
                "This receipt proves that the claim was lodged; it gives no right on the land. Keep it: its "
                "number is asked for any question about the claim."
            )
        ),
        mark_boxes(_signers(claim), width),
    ]
    return story
