"""A batch's events (``audit_record_many``) are hashed over the very bytes ``canonical_json`` writes for
each event's body, whether its text is put together from the members' texts (a plain payload) or written
by ``canonical_json`` itself (a payload json.dumps does not write in RFC 8785 form)."""

import datetime as dt
import json
from unittest import mock

from django.test import TestCase

from landreg.accounts.models import User
from landreg.audit import services
from landreg.audit.canonical import canonical_json
from landreg.audit.models import AuditEvent
from landreg.audit.services import (
    _body,
    _CanonicalBodies,
    audit_record,
    audit_record_many,
    audit_verify,
    event_hash,
)

PAYLOADS = [
    {},
    {"village": "TC-A"},
    {"village": 'Ɓoulsa "nord" \\ é\u202f😀', "n": 3, "list": [1, "a", None, True]},
    {"z": "last", "a": "first", "\U0001f600": "beyond the BMP"},  # key order by UTF-16 code units
    {"area": 12.5, "big": 2**60, "nested": {"x": 0.1}},  # numbers json.dumps writes otherwise
]
# Read back from the database as they were written too (PostgreSQL's jsonb gives 1e21 back as an integer).
UNSTORED = [{"x": 1e21, "y": -0.0, "z": 1e-7}]


def test_each_body_is_the_text_canonical_json_writes():
    at = dt.datetime(2026, 12, 4, 20, 30, 1, tzinfo=dt.UTC)
    for actor_id in (None, 7, "5d1c"):
        for action, object_type in (("claim.draft", "adjudication.claim"), ('é"x', "t\U0001f600")):
            members = {"occurred_at": at, "actor_id": actor_id, "action": action, "object_type": object_type}
            bodies = _CanonicalBodies(**members)
            for seq in (1, 2**53 - 1, 2**53):
                for payload in PAYLOADS + UNSTORED:
                    expected = canonical_json(
                        _body(seq=seq, object_id="id-1", payload=payload, prev_hash="ab" * 32, **members)
                    )
                    text = bodies.text(seq=seq, object_id="id-1", payload=payload, prev_hash="ab" * 32)
                    assert text == expected, (actor_id, action, seq, payload)


class BatchChainTests(TestCase):
    def test_a_batch_chains_as_events_recorded_one_by_one_would(self):
        actor = User.objects.create_user(username="agent", password="x")
        audit_record(action="test.first", object_type="test", object_id="0")
        audit_record_many(
            action="test.batch",
            object_type="test",
            object_ids=[str(k) for k in range(len(PAYLOADS))],
            actor=actor,
            payloads=PAYLOADS,
        )
        assert audit_verify() == (1 + len(PAYLOADS), None)
        events = list(AuditEvent.objects.order_by("seq"))[1:]
        assert [e.payload for e in events] == PAYLOADS
        for event in events:
            assert event.hash == event_hash(event)


class LargeNumbersTests(TestCase):
    """A float of 1e21 or more comes back from PostgreSQL's jsonb as an integer (jsonb keeps numbers as
    decimals and writes them without an exponent), which canonical JSON writes otherwise than the float: an
    event hashed over the float would no longer verify. Such numbers are kept as text in a payload."""

    PAYLOAD = {"x": 1e21, "huge": 1.7976931348623157e308, "neg": [-2.5e22, {"deep": 3e300}], "small": 1e-7}
    STORED = {
        "x": "1e+21",
        "huge": "1.7976931348623157e+308",
        "neg": ["-2.5e+22", {"deep": "3e+300"}],
        "small": 1e-7,
    }

    def test_an_event_with_very_large_numbers_verifies_as_stored(self):
        audit_record(action="test.one", object_type="test", object_id="1", payload=self.PAYLOAD)
        audit_record_many(
            action="test.batch",
            object_type="test",
            object_ids=["2", "3"],
            payloads=[self.PAYLOAD, {"n": 1e21}],
        )
        assert audit_verify() == (3, None)
        payloads = [e.payload for e in AuditEvent.objects.order_by("seq")]
        assert payloads == [self.STORED, self.STORED, {"n": "1e+21"}]


def test_rows_of_strings_are_stored_as_the_json_round_trip_gives_them_without_it():
    rows = [["parcels.parcel", "5d1c-é\u202f", "ab" * 32], ["t", 'quote " back \\ tab\t😀', ""]]
    payloads = [{"rows": rows}, {"rows": rows, "village": "TC-A"}, {"rows": []}]
    for payload in payloads:
        expected = json.loads(json.dumps(payload))
        with mock.patch.object(services.json, "loads") as loads:
            stored = services.as_stored(payload)
        assert stored == expected and not loads.called
        assert stored["rows"] is not rows and all(a is not b for a, b in zip(stored["rows"], rows))
    # Anything else still goes through JSON: a number in a row, a tuple, a dict in the list.
    for payload in ({"rows": [["a", 1]]}, {"rows": [("a", "b")]}, {"rows": [{"a": "b"}]}):
        assert services.as_stored(payload) == json.loads(json.dumps(payload))
