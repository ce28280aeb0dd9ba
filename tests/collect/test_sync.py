"""The sync API as a mobile app uses it over a weak network: batches applied once, cut-off batches sent again,
edits from a stale version returned as conflicts, refused records with their reasons, changes going down by
cursor; and a claim POSTed with an Idempotency-Key created once."""

import gc
import json
import uuid
from unittest import mock

from django.contrib.gis.geos import MultiPolygon

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.audit.models import AuditEvent
from landreg.audit.services import audit_verify
from landreg.collect.sync import claim_version, sync_batch, sync_claim
from tests.adjudication.helpers import AdjudicationTestCase
from tests.geometries import square


def claim_body(east, *, first_names="Ɓintou", sex="F", village="TC-A"):
    return {
        "village": village,
        "geometry": json.loads(square(east, 2000).geojson),
        "local_name": f"Champ {east}",
        "claimants": [{"last_name": "Ŋaba", "first_names": first_names, "sex": sex, "share": "1"}],
    }


class SyncApiTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The village has its limits, as real villages do; every record below lies inside them.
        cls.village_a.boundary = MultiPolygon(square(-1000, -1000, side=20000))
        cls.village_a.save()

    def sync(self, records, user=None):
        self.client.force_login(user or self.agent_a)
        response = self.client.post("/api/v1/sync/", {"records": records}, content_type="application/json")
        assert response.status_code == 200, response.content
        return response.json()["results"]

    def down(self, cursor=0, user=None):
        self.client.force_login(user or self.agent_a)
        response = self.client.get(f"/api/v1/sync/?cursor={cursor}")
        assert response.status_code == 200, response.content
        return response.json()

    def returned(self, claim, reasons):
        """The agent submits the claim with its form; the registrar returns it with reasons."""
        claim = self.submitted(claim)
        t.screening_start(claim=claim, actor=self.registrar)
        t.screening_return(claim=claim, actor=self.registrar, reasons=reasons)

    def records(self, count):
        return [{"client_id": str(uuid.uuid4()), "claim": claim_body(200 * i)} for i in range(count)]

    def test_the_same_batch_twice_creates_nothing_twice(self):
        batch = self.records(3)
        assert [r["result"] for r in self.sync(batch)] == ["created"] * 3
        again = self.sync(batch)
        assert [r["result"] for r in again] == ["unchanged"] * 3
        assert Claim.objects.count() == 3
        assert {r["claim_id"] for r in again} == {
            str(pk) for pk in Claim.objects.values_list("pk", flat=True)
        }

    def test_a_batch_cut_off_halfway_and_sent_again_ends_as_if_sent_once(self):
        batch = self.records(4)
        self.sync(batch[:2])  # the connection dropped after two records
        results = self.sync(batch)
        assert [r["result"] for r in results] == ["unchanged", "unchanged", "created", "created"]
        assert Claim.objects.count() == 4
        assert all(c.state == ClaimState.DRAFT for c in Claim.objects.all())

    def test_an_edit_from_the_current_version_updates_the_draft(self):
        record = self.records(1)[0]
        created = self.sync([record])[0]
        edited = {**record, "base_version": created["version"], "claim": claim_body(0, first_names="Ɛlise")}
        result = self.sync([edited])[0]
        assert result["result"] == "updated" and result["version"] != created["version"]
        assert Claim.objects.get().claimants.get().first_names == "Ɛlise"
        assert self.sync([edited])[0]["result"] == "unchanged"  # the answer was lost; sent again

    def test_an_edit_from_a_stale_version_is_a_conflict_that_overwrites_nothing(self):
        record = self.records(1)[0]
        created = self.sync([record])[0]
        claim = Claim.objects.get()
        self.returned(claim, "La limite est mal placée.")  # done on the pages meanwhile
        edited = {**record, "base_version": created["version"], "claim": claim_body(0, first_names="Awa")}
        conflict = self.sync([edited])[0]
        assert conflict["result"] == "conflict"
        assert conflict["server"]["state"] == ClaimState.RETURNED
        assert conflict["server"]["return_reasons"] == "La limite est mal placée."
        assert conflict["client"]["claimants"][0]["first_names"] == "Awa"
        assert Claim.objects.get().claimants.get().first_names == "Ɓintou"
        # From the server's version, the returned claim is corrected.
        fixed = {**edited, "base_version": conflict["version"]}
        assert self.sync([fixed])[0]["result"] == "updated"

    def test_refused_records_come_back_with_reasons_and_the_rest_of_the_batch_is_applied(self):
        good, no_sex, other_village, outside = self.records(4)
        no_sex["claim"] = claim_body(600, sex="")
        other_village["claim"] = claim_body(800, village="TC-B")
        outside["claim"] = claim_body(90_000)  # beyond the village's limits
        results = self.sync([good, no_sex, other_village, outside, {"client_id": "not-a-uuid"}])
        assert [r["result"] for r in results] == ["created", "rejected", "rejected", "rejected", "rejected"]
        assert "sex" in json.dumps(results[1]["errors"])
        assert results[2]["errors"]["village"] and results[3]["errors"]["geometry"]
        assert Claim.objects.count() == 1

    def test_overlaps_hold_records_back_with_reasons_and_a_resend_ends_the_same(self):
        parcel = self.parcel_held(0, 2000)  # recorded where the first record is walked
        lodged = self.submitted(self.draft(400, 2000))  # a claim in progress where the third is
        batch = self.records(5)  # 100 m squares at 0, 200, 400, 600 and 800 m
        batch[4]["claim"] = claim_body(250)  # half over the second record of the same batch
        first = self.sync(batch[:2])  # the connection dropped after two records
        assert [r["result"] for r in first] == ["rejected", "created"]
        results = self.sync(batch)
        assert [r["result"] for r in results] == ["rejected", "unchanged", "rejected", "created", "rejected"]
        assert parcel.number in results[0]["errors"]["geometry"][0]
        assert lodged.receipt_number in results[2]["errors"]["geometry"][0]
        assert "Champ 200 (5\u202f000,0 m²)" in results[4]["errors"]["geometry"][0]  # French numbers
        again = ["rejected", "unchanged", "rejected", "unchanged", "rejected"]
        assert [r["result"] for r in self.sync(batch)] == again
        assert Claim.objects.filter(state=ClaimState.DRAFT).count() == 2

    def test_a_batch_keeps_the_audit_chain_whole_and_refuses_a_record_sent_twice_in_it(self):
        record = {"client_id": str(uuid.uuid4()), "claim": claim_body(1200)}
        batch = [*self.records(3), record, {**record, "claim": claim_body(1400)}]
        results = self.sync(batch)
        assert [r["result"] for r in results] == ["created"] * 4 + ["rejected"]
        assert results[4]["errors"]["client_id"] == ["Cet enregistrement figure déjà dans le lot."]
        checked, broken = audit_verify()
        assert broken is None and checked > 4
        drafted = AuditEvent.objects.filter(action="claim.draft").values_list("object_id", flat=True)
        assert sorted(drafted) == sorted(r["claim_id"] for r in results[:4])

    def test_a_batch_is_applied_with_the_garbage_collector_held_off(self):
        seen = []

        def applied(**arguments):
            seen.append(gc.isenabled())
            return sync_batch(**arguments)

        with mock.patch("landreg.collect.api.sync_batch", side_effect=applied):
            assert [r["result"] for r in self.sync(self.records(2))] == ["created"] * 2
        assert seen == [False] and gc.isenabled()

    def test_the_version_a_new_record_gets_is_the_one_the_server_reads_back(self):
        collective = claim_body(0)
        collective["claimants"] = [
            {"kind": "group", "name": "Famille Kaboré", "group_type": "family", "share": "1"},
            {"role": "mandatary", "last_name": "Kaboré", "first_names": "Ɛlise", "sex": "F", "share": "1/3"},
            {"role": "member", "last_name": "Kaboré", "first_names": "Issa", "sex": "M", "share": "2/3"},
        ]
        result = self.sync([{"client_id": str(uuid.uuid4()), "claim": collective}])[0]
        assert result["result"] == "created"
        assert result["version"] == claim_version(Claim.objects.get(pk=result["claim_id"]))

    def test_a_chunk_that_meets_a_concurrent_copy_of_itself_is_applied_record_by_record(self):
        batch = self.records(3)
        self.sync(batch[:1])  # as if another request had applied the first record a moment before
        unseen = mock.patch("landreg.collect.api.applied_digests", return_value={})
        held = mock.patch("landreg.collect.sync.SyncRecord.objects.filter")
        one_by_one = mock.patch("landreg.collect.sync.sync_claim", wraps=sync_claim)
        with unseen, held as filtered, one_by_one as applied:
            filtered.return_value.select_related.return_value.prefetch_related.return_value = []
            results = self.sync(batch)  # the bulk insert hits the unique key, the chunk goes one by one
        assert applied.call_count == 3
        assert [r["result"] for r in results] == ["unchanged", "created", "created"]
        assert Claim.objects.count() == 3 and audit_verify()[1] is None

    def test_changes_go_down_by_cursor_for_the_agents_villages_only(self):
        batch = self.records(2)
        self.sync(batch)
        first = self.down()
        assert {c["client_id"] for c in first["claims"]} == {r["client_id"] for r in batch}
        assert self.down(first["cursor"])["claims"] == []
        claim = Claim.objects.get(local_name="Champ 0")
        self.returned(claim, "Pièce d’identité illisible.")
        later = self.down(first["cursor"])
        assert [c["claim"]["state"] for c in later["claims"]] == [ClaimState.RETURNED]
        assert later["claims"][0]["claim"]["return_reasons"] == "Pièce d’identité illisible."
        # Whatever the cursor, each answer lists what waits for the agent's correction.
        client_id = next(r["client_id"] for r in batch if r["claim"]["local_name"] == "Champ 0")
        expected = [
            {
                "claim_id": str(claim.pk),
                "client_id": client_id,
                "return_reasons": "Pièce d’identité illisible.",
            }
        ]
        assert self.down(later["cursor"])["returned"] == expected and first["returned"] == []
        assert self.down(user=self.agent_b)["claims"] == []  # another village's agent sees none of it
        self.client.force_login(self.agent_a)
        assert self.client.get("/api/v1/sync/?cursor=abc").status_code == 400

    def test_a_claim_posted_with_an_idempotency_key_is_created_once(self):
        self.client.force_login(self.agent_a)
        body = claim_body(0)
        headers = {"HTTP_IDEMPOTENCY_KEY": "tablette-7-0001"}
        first = self.client.post("/api/v1/claims/", body, content_type="application/json", **headers)
        again = self.client.post("/api/v1/claims/", body, content_type="application/json", **headers)
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["id"] == again.json()["id"] and Claim.objects.count() == 1
        other = self.client.post(
            "/api/v1/claims/", claim_body(400), content_type="application/json", **headers
        )
        assert other.status_code == 409 and Claim.objects.count() == 1

    # The pull's audit statements are built once per process (landreg.core.db.kept) on PostgreSQL.
    def test_each_pull_answers_as_the_orm_built_statements_answer(self):
        from landreg.core.db import kept

        batch = self.records(3)
        self.sync(batch)
        first = self.down()
        self.returned(Claim.objects.get(local_name="Champ 0"), "Limite mal placée.")
        for cursor in (0, first["cursor"], first["cursor"] - 1, 10**12):
            answer = self.down(cursor)
            with mock.patch.object(kept, "ENABLED", False):
                assert self.down(cursor) == answer, cursor
        assert (
            len(first["claims"]) == 3
            and self.down(first["cursor"])["claims"][0]["claim"]["state"] == "returned"
        )

    def test_the_returned_claims_kept_read_answers_as_the_orm_in_each_scope(self):
        """collect.corrections.returned_read (a statement built once per process) against returned_claims over
        villages_covered: the agent's villages, a superuser's every village, another village's none."""
        from landreg.accounts.selectors import villages_covered
        from landreg.collect.corrections import _RETURNED, returned_claims, returned_read

        self.sync(self.records(2))
        self.returned(Claim.objects.get(local_name="Champ 0"), "Limite mal placée.")

        def orm(user, villages):
            return list(returned_claims(agent=user, villages=villages).values_list("pk", "return_reasons"))

        read, values = returned_read(self.agent_a)
        mine = orm(self.agent_a, villages_covered(self.agent_a, "record_claims"))
        assert read.rows(**values) == mine and len(mine) == 1
        assert (
            _RETURNED.rows(agent=self.agent_a.pk, paths=[self.village_b.path])
            == []
            == orm(self.agent_a, [self.village_b])
        )
        self.agent_a.is_superuser = True  # every village
        read, values = returned_read(self.agent_a)
        every = villages_covered(self.agent_a, "record_claims")
        assert read.rows(**values) == mine == orm(self.agent_a, every)

    def test_from_the_second_pull_on_the_orm_builds_no_audit_statement(self):
        import unittest

        from django.db import connection
        from django.db.models.sql.compiler import SQLCompiler

        if connection.vendor != "postgresql":
            raise unittest.SkipTest("built once per process on PostgreSQL only")
        self.down()
        built = []

        def as_sql(compiler, *args, **kwargs):
            sql, params = SQLCompiler_as_sql(compiler, *args, **kwargs)
            built.append(sql)
            return sql, params

        SQLCompiler_as_sql = SQLCompiler.as_sql
        with mock.patch.object(SQLCompiler, "as_sql", as_sql):
            self.down(5)
        # Nor the returned claims' (read with the audit's head, core.db.kept): nothing new, nothing built.
        assert not any("audit_" in sql or "adjudication_claim" in sql for sql in built), built
