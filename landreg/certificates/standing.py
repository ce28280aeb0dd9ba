"""Is a certificate still the register's word? One definition for every door that says so: the certificate's
page, the public verification page, the print queue's « à rééditer » and the API.

A certificate freezes at issue what the register said. Two things can make it wrong since:

- it is *superseded* (``current_q`` / ``Certificate.is_superseded``, both read from ``CERTIFIED_ROWS``): the
  right or the parcel it certifies ended (a transfer, a split, a merge, a court's decision) or is at another
  version (the parcel's boundary corrected);
- the register *moved* around it (``register_moved_q``): a secondary right or a restriction of the parcel
  ended or was added, a holder's name or particulars were corrected.

``changes_since_issue`` lists what happened, with its day, in one statement: the rows of the same reads whose
existence ``register_moved_q`` asks for, so the list and the filter cannot disagree. The list says no name
and no personal data: the public verification page shows it.
"""

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast

from landreg.adjudication.models import ParcelChange, Transfer
from landreg.certificates.models import CERTIFIED_ROWS, CertificateStatus
from landreg.parcels.models import ParcelVersion
from landreg.parties.models import PartyVersion
from landreg.rights.models import Right, RRRKind, right_type_label


def current_q() -> Q:
    """Certificates whose right and parcel are still those they certify: neither ended nor at another version
    since issue (``Certificate.is_superseded`` read as a filter, from the same ``CERTIFIED_ROWS``)."""
    query = Q()
    for row, version in CERTIFIED_ROWS:
        query &= Q(**{f"{row}__end_lifespan__isnull": True, version: F(f"{row}__version")})
    return query


@dataclass(frozen=True)
class RegisterChange:
    """Something the register recorded after the certificate's issue that its frozen text does not say.
    ``kind``: on the certificate's own right or parcel (it is superseded) "transfer", "split", "merge",
    "parcel_corrected", "right_ended" or "right_corrected"; around them "ended" or "added" (a secondary right
    or restriction, ``type`` naming it in the reader's language), "name" or "particulars" (a holder's
    corrected). ``on``: the moment it was recorded."""

    kind: str
    on: dt.datetime
    type: str = ""


def _word(text: str):
    # Typed, so that PostgreSQL knows the column's type in every branch of the union, prepared or not.
    return Cast(Value(text), output_field=CharField())


def _rows(queryset: QuerySet, kind, on: str, fr="", en="") -> QuerySet:
    """A read as the union's rows: (kind, on, French label, English label)."""
    label = {"fr": F(fr) if fr else _word(""), "en": F(en) if en else _word("")}
    return (
        queryset.order_by()
        .annotate(
            change_kind=kind if not isinstance(kind, str) else _word(kind),
            change_on=F(on),
            change_fr=label["fr"],
            change_en=label["en"],
        )
        .values_list("change_kind", "change_on", "change_fr", "change_en")
    )


def _moving(*, right, parcel, issued) -> list[QuerySet]:
    """The reads of what moved around the certificate (values or OuterRefs): a secondary right or restriction
    of its parcel ended or added since issue, a correction of one of its holders."""
    others = (
        Right.objects.filter(parcel=parcel)
        .exclude(pk=right)
        .filter(Q(right_type__is_secondary=True) | Q(right_type__kind=RRRKind.RESTRICTION))
    )
    # A correction that left the names as they were corrected the holder's particulars (birth, ID document).
    names_kept = PartyVersion.objects.filter(
        party=OuterRef("party_id"),
        version=OuterRef("version") - 1,
        last_name=OuterRef("last_name"),
        first_names=OuterRef("first_names"),
        name=OuterRef("name"),
    )
    return [
        _rows(
            others.filter(begin_lifespan__lte=issued, end_lifespan__gt=issued),
            "ended",
            "end_lifespan",
            "right_type__label_fr",
            "right_type__label_en",
        ),
        _rows(
            others.filter(begin_lifespan__gt=issued, end_lifespan__isnull=True),
            "added",
            "begin_lifespan",
            "right_type__label_fr",
            "right_type__label_en",
        ),
        _rows(
            PartyVersion.objects.filter(party__holdings__right=right, begin_lifespan__gt=issued),
            Case(When(Exists(names_kept), then=_word("particulars")), default=_word("name")),
            "begin_lifespan",
        ),
    ]


def _superseding(*, right, parcel, right_version, parcel_version) -> list[QuerySet]:
    """The reads of what changed the certificate's own right or parcel: what ``current_q`` says happened."""
    return [
        _rows(Transfer.objects.filter(old_right=right), "transfer", "recorded_at"),
        _rows(ParcelChange.objects.filter(old_parcels=parcel), F("kind"), "recorded_at"),
        _rows(
            ParcelVersion.objects.filter(parcel=parcel, version__gt=parcel_version),
            "parcel_corrected",
            "begin_lifespan",
        ),
        # Ended otherwise than by a transfer (a court's decision, shares revised). A split or a merge ends the
        # parcel's rights with it: said by the split's or the merge's row.
        _rows(
            Right.objects.filter(
                pk=right,
                end_lifespan__isnull=False,
                transfer_out__isnull=True,
                parcel__end_lifespan__isnull=True,
            ),
            "right_ended",
            "end_lifespan",
        ),
        _rows(
            Right.objects.filter(pk=right, end_lifespan__isnull=True).exclude(version=right_version),
            "right_corrected",
            "begin_lifespan",
        ),
    ]


def register_moved_q(*, right="right_id", parcel="parcel_id", issued="issued_at") -> Q:
    """For a queryset of certificates (``right``, ``parcel``, ``issued``: its fields holding them): those
    around which the register moved since issue. A list's rows exist exactly where this holds."""
    reads = _moving(right=OuterRef(right), parcel=OuterRef(parcel), issued=OuterRef(issued))
    return reduce(operator.or_, (Q(Exists(read)) for read in reads))


def registers_word_q() -> Q:
    """For a queryset of certificates: those that still say what the register says (not revoked is asked
    apart: a revoked certificate says nothing any more)."""
    return current_q() & ~register_moved_q()


def in_force_and_word_q() -> Q:
    """For a queryset of certificates: those a reader may rely on today, neither revoked nor superseded, and
    the register not moved around them."""
    return ~Q(status=CertificateStatus.REVOKED) & registers_word_q()


def with_standing(certificates: QuerySet) -> QuerySet:
    """The certificates with ``reflects_register`` (``in_force_and_word_q``), read in their own statement."""
    return certificates.annotate(
        reflects_register=ExpressionWrapper(in_force_and_word_q(), output_field=BooleanField())
    )


def reflects_register(certificate) -> bool:
    """Whether a reader may rely on the certificate today: as ``with_standing`` read it, else asked now."""
    if hasattr(certificate, "reflects_register"):
        return certificate.reflects_register
    return with_standing(type(certificate).objects.filter(pk=certificate.pk)).get().reflects_register


def changes_read(*, right, parcel, issued, right_version, parcel_version) -> QuerySet:
    """What the register recorded on the certificate's right, parcel and holders since issue, as rows (kind,
    on, French label, English label), in one statement."""
    first, *others = [
        *_superseding(right=right, parcel=parcel, right_version=right_version, parcel_version=parcel_version),
        *_moving(right=right, parcel=parcel, issued=issued),
    ]
    return first.union(*others, all=True)


def changes_from_rows(rows) -> list[RegisterChange]:
    """The rows of ``changes_read`` as changes, oldest first, each type in the reader's language."""
    changes = [
        RegisterChange(kind, on, right_type_label(fr, en) if fr or en else "") for kind, on, fr, en in rows
    ]
    return sorted(changes, key=lambda change: (change.on, change.kind))


def changes_since_issue(certificate) -> list[RegisterChange]:
    """``changes_read`` for a certificate: what its page and the public verification say."""
    return changes_from_rows(
        changes_read(
            right=certificate.right_id,
            parcel=certificate.parcel_id,
            issued=certificate.issued_at,
            right_version=certificate.right_version,
            parcel_version=certificate.parcel_version,
        )
    )
