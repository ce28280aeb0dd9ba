"""Claim events copy their chained audit event: ``verify_audit`` checks they still agree."""

from django.utils.translation import gettext as _

from landreg.adjudication.models import ClaimEvent


def claim_events_agree_with_chain() -> str | None:
    rows = ClaimEvent.objects.select_related("audit_event").order_by("id").iterator(chunk_size=2000)
    for event in rows:
        chained = event.audit_event
        payload = chained.payload
        recorded = (
            event.move,
            event.from_state,
            event.to_state,
            event.reason,
            event.actor_id,
            str(event.claim_id),
        )
        expected = (
            payload.get("move"),
            payload.get("from"),
            payload.get("to"),
            payload.get("reason"),
            chained.actor_id,
            chained.object_id,
        )
        if recorded != expected or event.occurred_at != chained.occurred_at:
            return _("claim event %(event)s differs from chained event #%(seq)s") % {
                "event": event.pk,
                "seq": chained.seq,
            }
    return None
