"""The record of the contradictory site verification (procès-verbal de constat et de reconnaissance sur le
terrain): when and where, in which language, who was called and who came, each one's position on the limits
and the mark they put (signature, thumbprint, cross, refusal or absence), what was found, and what follows.

It prints what ``site_visit_record`` stored, nothing typed again; no ID number or birth date appears on it.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.platypus import Spacer

from landreg.accounts.roles import Role
from landreg.accounts.selectors import role_holder
from landreg.adjudication.models import AttendanceMark, AttendeeRole
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

# The claimants first, then the neighbours, the village's authorities and the committee.
ROLE_ORDER = list(AttendeeRole.values)


def _capacity(attendee) -> str:
    text = str(attendee.get_role_display())
    side = attendee.get_direction_display() if attendee.direction else ""
    parcel = attendee.neighbour_parcel.number if attendee.neighbour_parcel_id else ""
    if side or parcel:
        text += " (" + ", ".join(p for p in (side, parcel) if p) + ")"
    return text


def _position(attendee) -> str:
    if attendee.mark == AttendanceMark.ABSENT:
        return _("absent")
    return _("confirms the limits") if attendee.agrees else _("contests the limits")


def _mark(attendee) -> str:
    mark = str(attendee.get_mark_display())
    return f"{mark} — {attendee.mark_reference}" if attendee.mark_reference else mark


def _findings(visit) -> list:
    present = visit.present
    contesting = [a for a in present if not a.agrees]
    if contesting:
        lines = [_("The limits are contested by:")]
        lines += [
            _("— %(name)s, %(capacity)s: %(remark)s")
            % {"name": a.name, "capacity": _capacity(a), "remark": a.remark_said or _("no reason given")}
            for a in contesting
        ]
    else:
        lines = [_("The limits were shown on the ground and confirmed by everyone present.")]
    absent = [a for a in visit.attendees.all() if a.mark == AttendanceMark.ABSENT]
    if absent:
        lines.append(
            _("Called but absent: %(names)s.")
            % {"names": "; ".join(f"{a.name}, {_capacity(a)}" for a in absent)}
        )
    return [paragraph(line) for line in lines]


def _outcome(claim, visit) -> list:
    if visit.dispute_id:
        lines = [
            _(
                "A boundary dispute is opened (case %(number)s) and referred to the conciliation body; "
                "the claim does not go on before it is settled."
            )
            % {"number": visit.dispute.number}
        ]
    else:
        lines = [_("No one present contests the limits: the claim may go on to the next step.")]
    closed = claim.events.filter(move="site_verification_close", occurred_at__gte=visit.created_at).first()
    if closed:
        lines.append(
            _("The site verification was closed on %(date)s by %(name)s; the claim went on to: %(state)s.")
            % {
                "date": long_date(closed.occurred_at.date()),
                "name": user_name(closed.actor),
                "state": closed.get_to_state_display(),
            }
        )
    return [paragraph(line) for line in lines]


def _signers(visit) -> list[tuple[str, str]]:
    """Everyone present, who wrote the record, and the village committee's president, who signs it too: the
    record had no place for the president's signature unless they happened to write it."""
    people = [(a.name, f"{_capacity(a)} — {_mark(a)}") for a in visit.present]
    writer, wrote = visit.recorded_by, _("who wrote this record")
    president = role_holder(role=Role.COMMITTEE_PRESIDENT, unit=visit.claim.village, on=visit.visit_date)
    presides = str(Role.COMMITTEE_PRESIDENT.label)
    if president is not None and president == writer:
        return [*people, (user_name(writer), f"{presides}, {wrote}")]
    return [*people, (user_name(writer), wrote), (user_name(president) if president else "", presides)]


def site_record_pdf(*, visit) -> bytes:
    # Always French, whatever the reader's language: the procès-verbal is signed or thumbprinted on the spot
    # by those present and goes into the procedure's file, which the certificate cites by its number; it is
    # written in the official language (the hearing's own language and translation are stated in it). The
    # English claim page's link says « (in French) ».
    with translation.override("fr"):
        title = _("RECORD OF THE SITE VERIFICATION")
        return build(title, lambda width: _story(visit, width, title))


def _story(visit, width: float, title: str) -> list:
    claim = visit.claim
    language = visit.language
    if visit.translated:
        language += " — " + _("translated into %(language)s") % {"language": visit.translation_language}
    attendees = [
        [_("Name"), _("Capacity"), _("Position on the limits"), _("Remark"), _("Mark")],
        *(
            [a.name, _capacity(a), _position(a), a.remark_said, _mark(a)]
            for a in sorted(
                visit.attendees.all(), key=lambda a: (ROLE_ORDER.index(a.role), a.direction, a.pk)
            )
        ),
    ]
    documents = [
        [_("Document"), _("Reference"), _("Date")],
        *(
            [str(d.get_source_type_display()), d.reference, short_date(d.document_date)]
            for d in visit.documents.order_by("document_date")
        ),
    ]
    reference = _("Claim no. %(number)s") % {"number": claim.receipt_number}
    return [
        *heading(claim.village, title, reference),
        facts(
            [
                (_("Date"), long_date(visit.visit_date)),
                (_("Place"), visit.place),
                (_("Language of the hearing"), language),
                (_("Claimants"), ", ".join(c.public_name for c in claim.applicants)),
                (_("Right claimed"), str(claim.right_type)),
                (_("Recorded by"), user_name(visit.recorded_by)),
            ],
            width,
        ),
        paragraph(_("Present and called"), "subheading"),
        grid_table(attendees, width),
        paragraph(_("Findings"), "subheading"),
        *_findings(visit),
        plan_beside(
            claim,
            [
                parcel_row(claim),
                (_("Area claimed"), area_text(claim.geometry, claim.village)),
                *limits(claim),
            ],
            width,
        ),
        paragraph(_("Observations"), "subheading"),
        paragraph(visit.notes or pgettext("feminine", "None.")),  # observations
        paragraph(pgettext("site verification", "Outcome"), "subheading"),
        *_outcome(claim, visit),
        paragraph(_("Documents attached"), "subheading"),
        grid_table(documents, width, empty=pgettext("feminine", "None.")),  # pièces jointes
        Spacer(1, 4),
        mark_boxes(_signers(visit), width),
    ]
