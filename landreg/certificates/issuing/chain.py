"""What happens to a certificate after its issue, in the audit chain.

Every ``CertificateEvent`` row (issue, print, duplicate, signature, delivery, revocation) and every
``CertificateDelivery`` row is a register row (``audit.rows.REGISTER_TABLES``): the event that records it
holds its hash, and ``verify_audit`` reports one added, changed or removed in SQL, as it does for parcels
and rights. Issue, signature and revocation are recorded with the certificate's row (``register_write``);
a print or a delivery does not change a fact of the register (the print count is left out of the row's
hash), so it appends ``certificate.printed`` / ``certificate.reprinted`` / ``certificate.delivered``, which
names its rows, the certificate's number and print count: the name of whom a paper was handed to stays in
its row, as the holders' names stay in the certificate's.

``verify_audit`` also checks (``certificate_events_agree_with_chain``) that each certificate's print count
is the one its last chained print left, and, for the prints and deliveries chained before the rows
themselves were (their events hold ``event_hash``), that those rows are still there unchanged.
"""

from django.utils.translation import gettext as _

from landreg.audit.models import AuditEvent
from landreg.audit.rows import register_write, row_hashes
from landreg.certificates.models import Certificate, CertificateDelivery, CertificateEvent, EventKind

CHAINED_KINDS = (EventKind.PRINTED, EventKind.REPRINTED, EventKind.DELIVERED)
ACTIONS = [f"certificate.{kind}" for kind in CHAINED_KINDS]
_CHUNK = 2000


def certificate_event_chain(
    *, certificate: Certificate, event: CertificateEvent, delivery=None
) -> AuditEvent:
    """Append the print or delivery just written (``event``, and ``delivery``'s row) to the chain."""
    payload = {
        "number": certificate.number,
        "print_count": str(certificate.print_count),
        "event": str(event.pk),
    }
    rows = [event]
    if delivery is not None:
        payload |= {"delivery": str(delivery.pk), "acknowledgement": delivery.acknowledgement}
        rows.append(delivery)
    (recorded,) = register_write(
        action=f"certificate.{event.kind}", rows=rows, obj=certificate, actor=event.actor, payload=payload
    )
    return recorded


def certificate_events_agree_with_chain() -> str | None:
    """The first chained print or delivery whose rows were altered or removed, or whose certificate's print
    count moved without a chained print; None when they all agree."""
    chained = AuditEvent.objects.filter(action__in=ACTIONS).order_by("seq")
    last_count: dict[str, tuple[str, int]] = {}
    batch = []
    for event in chained.only("seq", "object_id", "payload").iterator(chunk_size=_CHUNK):
        batch.append(event)
        if len(batch) == _CHUNK:
            problem = _rows_agree(batch, last_count)
            if problem:
                return problem
            batch = []
    problem = _rows_agree(batch, last_count)
    if problem:
        return problem
    counts = dict(Certificate.objects.filter(pk__in=list(last_count)).values_list("pk", "print_count"))
    for pk, (chained_count, seq) in last_count.items():
        if str(counts.get(_uuid(pk), "")) != chained_count:
            return _("certificate %(pk)s: print count differs from chained event #%(seq)s") % {
                "pk": pk,
                "seq": seq,
            }
    return None


def _uuid(text: str):
    return Certificate._meta.pk.to_python(text)


def _rows_agree(events: list[AuditEvent], last_count: dict) -> str | None:
    # Only the events written before the rows were register rows hold their hashes here; the later ones
    # name them in ``rows``, which rows_verify compares.
    legacy = [e for e in events if "event_hash" in e.payload]
    event_hashes = row_hashes(CertificateEvent, [int(e.payload["event"]) for e in legacy])
    delivery_hashes = row_hashes(
        CertificateDelivery, [int(e.payload["delivery"]) for e in legacy if "delivery_hash" in e.payload]
    )
    for event in events:
        payload = event.payload
        if "event_hash" not in payload:
            last_count[event.object_id] = (payload["print_count"], event.seq)
            continue
        if event_hashes.get(payload["event"]) != payload["event_hash"]:
            return _("certificate event %(event)s differs from chained event #%(seq)s") % {
                "event": payload["event"],
                "seq": event.seq,
            }
        if "delivery" in payload and delivery_hashes.get(payload["delivery"]) != payload["delivery_hash"]:
            return _("certificate delivery %(delivery)s differs from chained event #%(seq)s") % {
                "delivery": payload["delivery"],
                "seq": event.seq,
            }
        last_count[event.object_id] = (payload["print_count"], event.seq)
    return None
