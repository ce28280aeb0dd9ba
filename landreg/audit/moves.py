"""One move of a record through its states, logged the same way for every kind of record.

A claim and a dispute case move alike: the transition, under the record's row lock, sets the new state, saves
with ``update_fields``, writes the move into the audit history and an append-only event row beside it. The
record kinds differ only in names, which a ``MoveLog`` holds.
"""

from dataclasses import dataclass

from django.db import models

from landreg.audit.services import audit_record


@dataclass(frozen=True)
class MoveLog:
    """How one kind of record logs its moves.

    ``event_model`` has a foreign key ``subject`` to the record, ``from_<state>`` and ``to_<state>`` for the
    record's state field ``state``, and ``move``, ``actor``, ``reason``, ``occurred_at``, ``audit_event``;
    with ``previous_at``, also when the record entered the state the move leaves (its previous event).
    """

    event_model: type[models.Model]
    subject: str
    state: str
    action_prefix: str
    previous_at: bool = False

    def record(self, locked, move: str, actor, to_state: str, *, reason: str = "", fields=(), payload=None):
        """Move the locked record to ``to_state``, saving ``fields`` with it; returns the record."""
        from_state = getattr(locked, self.state)
        setattr(locked, self.state, to_state)
        locked.save(update_fields=[self.state, "updated_at", *fields])
        body = {"move": move, "from": from_state, "to": to_state, "reason": reason, **(payload or {})}
        audit = audit_record(action=f"{self.action_prefix}.{move}", obj=locked, actor=actor, payload=body)
        event = {
            self.subject: locked,
            f"from_{self.state}": from_state,
            f"to_{self.state}": to_state,
        }
        if self.previous_at:
            # Under the record's row lock the last move is stable: it entered the state this move leaves.
            event["previous_at"] = (
                self.event_model.objects.filter(**{self.subject: locked})
                .order_by("-occurred_at", "-id")
                .values_list("occurred_at", flat=True)
                .first()
            )
        self.event_model.objects.create(
            **event,
            move=move,
            actor=actor,
            reason=reason,
            occurred_at=audit.occurred_at,
            audit_event=audit,
        )
        return locked
