"""Register rows are in the chain: an edit of the register's tables outside the registry is reported."""

import hashlib
import io
import json
import random
import tempfile

import pytest
import rfc8785
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase

from landreg.accounts.roles import Role
from landreg.audit.canonical import canonical_json, number_text
from landreg.audit.models import AuditEvent, RowHash
from landreg.audit.rows import ROWS_PER_EVENT, register_write, row_hashes, rows_verify
from landreg.audit.services import _event_body, audit_record, audit_verify
from landreg.certificates.issuing.services import certificate_issue, certificate_print
from landreg.certificates.issuing.transitions import certificate_sign
from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_retire, parcel_update
from landreg.parties.models import GroupType, Party, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create, party_update
from landreg.rights.models import RightHolder
from landreg.rights.services import right_end
from tests.base import RegistryTestCase, make_person, make_user
from tests.geometries import square


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def verify():
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


class RegisterRowTests(RegistryTestCase):
    def test_the_registry_own_writes_verify(self):
        party_update(party=self.holder_a, actor=self.agent_a, reason="spelling", first_names="Aminata Awa")
        group = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Famille Sawadogo", group_type=GroupType.FAMILY
        )
        group_set_members(group=group, members=[MemberShare(member=self.holder_a, share="1")])
        group_set_members(group=group, members=[MemberShare(member=make_person(self.village_a), share="1")])
        parcel_update(parcel=self.parcel_b, actor=self.agent_b, reason="survey", geometry=square(1000, 5))
        registrar = make_user("registrar", Role.REGISTRAR, self.commune)
        certificate, _created = certificate_issue(right=self.right_a, actor=registrar)
        certificate_print(certificate=certificate, actor=registrar)
        certificate_sign(certificate=certificate, actor=self.mayor)
        right_end(right=self.right_a, actor=self.mayor, reason="court decision")
        parcel_retire(parcel=self.parcel_a, actor=self.mayor, reason="merged")
        assert rows_verify() == []
        assert "events verified" in verify()

    def test_each_write_records_the_hash_of_the_row_as_stored(self):
        updated = party_update(party=self.holder_a, actor=self.agent_a, reason="x", profession="potière")
        event = AuditEvent.objects.filter(action="party.update").get()
        label, pk, digest = event.payload["rows"][0]
        assert (label, pk, event.actor) == ("parties.party", str(updated.pk), self.agent_a)
        assert RowHash.objects.get(model=label, object_id=pk).hash == digest

    def test_a_holder_name_edited_in_sql_is_reported(self):
        sql("UPDATE parties_party SET last_name = 'Forgé' WHERE id = %s", [self.holder_a.pk.hex])
        assert audit_verify()[1] is None  # the chain of events itself is intact
        with pytest.raises(CommandError, match=f"parties.party {self.holder_a.pk}: edited outside"):
            verify()

    def test_a_boundary_edited_in_sql_is_reported(self):
        Parcel.objects.filter(pk=self.parcel_a.pk).update(geometry=square(0, 3))
        problems = rows_verify()
        assert [(p.table, p.object_id) for p in problems] == [("parcels.parcel", str(self.parcel_a.pk))]

    def test_a_share_edited_in_sql_is_reported(self):
        holder = RightHolder.objects.get(right=self.right_a)
        sql("UPDATE rights_rightholder SET share_denominator = 2 WHERE id = %s", [holder.pk])
        assert "edited outside" in str(rows_verify()[0])

    def test_a_holder_added_or_deleted_in_sql_is_reported(self):
        holder = RightHolder.objects.get(right=self.right_a)
        sql("DELETE FROM rights_rightholder WHERE id = %s", [holder.pk])
        assert [p.problem for p in rows_verify()] == ["deleted outside the registry"]
        other = make_person(self.village_a, last_name="Kaboré")
        sql(
            "INSERT INTO rights_rightholder (id, right_id, party_id, share_numerator, share_denominator) "
            "VALUES (%s, %s, %s, 1, 1)",
            [holder.pk, self.right_a.pk.hex, other.pk.hex],
        )
        assert "edited outside" in str(rows_verify()[0])  # same id, another holder
        sql("UPDATE rights_rightholder SET id = %s WHERE id = %s", [holder.pk + 1000, holder.pk])
        problems = {p.problem for p in rows_verify()}
        assert problems == {"added outside the registry (never recorded)", "deleted outside the registry"}

    def test_an_edit_that_also_rewrites_the_index_is_reported(self):
        sql("UPDATE parties_party SET last_name = 'Forgé' WHERE id = %s", [self.holder_a.pk.hex])
        # The forger also puts the new content's hash in the index; the chain still holds the old one.
        forged = row_hashes(Party, [self.holder_a.pk])[str(self.holder_a.pk)]
        sql("UPDATE audit_rowhash SET hash = %s WHERE object_id = %s", [forged, str(self.holder_a.pk)])
        problems = rows_verify()
        assert problems and "index differs from event" in problems[0].problem

    def test_a_large_write_is_recorded_in_events_of_bounded_size(self):
        parcels = [self.parcel_a, self.parcel_b] * (ROWS_PER_EVENT // 2 + 1)
        events = register_write(action="test.bulk", model=Parcel, pks=[p.pk for p in parcels])
        assert len(events) == 1  # the same two rows, once each
        assert rows_verify() == []


class AdminEditTests(RegistryTestCase):
    def post_the_change_form(self, url, **changes):
        """Post back what the admin's change page renders, with ``changes``: what an administrator does."""
        page = self.client.get(url)
        assert page.status_code == 200
        form = page.context["adminform"].form
        data = {}
        for name in form.fields:
            data[name] = form[name].value()
        for inline in page.context["inline_admin_formsets"]:
            formset = inline.formset
            for name in formset.management_form.fields:
                data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
            for subform in formset.forms:
                for name in subform.fields:
                    value = subform[name].value()
                    if value is not None:
                        data[subform.add_prefix(name)] = value
        data = {k: v for k, v in data.items() if v is not None}
        data.update(changes)
        return self.client.post(url, data)

    def test_an_administrator_edit_of_a_holder_name_is_recorded_and_verifies(self):
        admin = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        admin.is_superuser = True
        admin.save()
        self.client.force_login(admin)
        response = self.post_the_change_form(
            f"/admin/parties/party/{self.holder_a.pk}/change/", first_names="Aminata Awa"
        )
        assert response.status_code == 302, response.content[:3000]
        self.holder_a.refresh_from_db()
        assert self.holder_a.first_names == "Aminata Awa"
        event = AuditEvent.objects.filter(action="admin.change").get()
        assert event.actor == admin and event.payload["fields"] == ["first_names"]
        assert rows_verify() == []


class CanonicalJsonTests(RegistryTestCase):
    def test_the_fast_path_writes_exactly_the_rfc_8785_bytes(self):
        values = [
            {"b": 1, "a": ["é", '\x1f\n"\\', None, True, False, -(2**53) + 1], "": {"z": "日本", "é": []}},
            {"table": "parties.party", "id": "x", "fields": {"last_name": "Kɔnɛ Ŋaba Ɓ", "version": 3}},
        ]
        for value in values:
            assert canonical_json(value) == rfc8785.dumps(value)

    def test_numbers_are_written_as_ecmascript_writes_them(self):
        # RFC 8785 appendix B and the ECMAScript Number::toString cases.
        vectors = {
            1e21: "1e+21",
            1e-7: "1e-7",
            0.000001: "0.000001",
            333333333.33333329: "333333333.3333333",
            -0.0: "0",
            5e-324: "5e-324",
            1.7976931348623157e308: "1.7976931348623157e+308",
            295147905179352830000.0: "295147905179352830000",
            1e16: "10000000000000000",  # the rfc8785 package refuses this one; RFC 8785 does not
            100.0: "100",
            -1.5e-9: "-1.5e-9",
        }
        assert {x: number_text(x) for x in vectors} == vectors

    def test_random_numbers_and_keys_agree_with_the_rfc_8785_package(self):
        rng = random.Random(8785)
        for _ in range(3000):
            x = rng.random() * 10 ** rng.randint(-30, 30) * rng.choice([1, -1])
            value = {"x": x, "\U0001f600": [x / 3], "\ufb01": {"é": 0.1}}
            assert canonical_json(value) == rfc8785.dumps(value)

    def test_events_recorded_before_canonical_json_still_verify(self):
        seq = audit_record(action="test.float", object_type="test", object_id="1", payload={"x": 1.5e-7}).seq
        # Hashed the old way (json.dumps writes 1.5e-07, RFC 8785 1.5e-7), as a database from before holds it.
        stored = AuditEvent.objects.get(seq=seq)
        legacy = json.dumps(_event_body(stored), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        old = hashlib.sha256(legacy.encode()).hexdigest()
        sql("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", [old, seq])
        sql("UPDATE audit_audithead SET last_hash = %s", [old])
        assert audit_verify()[1] is None


class DemoHistoryTests(TestCase):
    """What `make demo` does: load the demo, sign and export a checkpoint, verify against it."""

    def test_the_demo_register_agrees_with_its_history(self):
        call_command("load_demo", quiet=True, stdout=io.StringIO())
        call_command("load_adjudication_demo", verbosity=0, stdout=io.StringIO())
        call_command("issue_certificate", approved_claims=True, signer="maire", stdout=io.StringIO())
        assert RowHash.objects.filter(model="parcels.parcel").count() == Parcel.objects.count()
        with tempfile.TemporaryDirectory() as folder:
            files = {"checkpoints": f"{folder}/checkpoints.json", "jwks": f"{folder}/jwks.json"}
            export = {"export": files["checkpoints"], "jwks": files["jwks"]}
            call_command("audit_checkpoint", stdout=io.StringIO(), **export)
            out = io.StringIO()
            call_command("verify_audit", stdout=out, **files)
        assert "1 exported checkpoint agrees." in out.getvalue()
