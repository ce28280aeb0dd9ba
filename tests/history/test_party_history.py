"""Parties' typed history (PartyVersion): every write keeps a typed version, the snapshots are converted."""

import datetime as dt
import importlib

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from landreg.core import clock
from landreg.core.history.versioning import snapshot_of
from landreg.core.models import VersionRecord
from landreg.parties.models import Party, PartyVersion
from landreg.parties.services import party_update
from tests.base import RegistryTestCase, make_person, versions_of
from tests.browser_forms import flat, form_data


class PartyHistoryTests(RegistryTestCase):
    def test_a_party_is_recorded_with_its_first_version_and_each_edit_adds_one(self):
        person = make_person(self.village_a, last_name="Kaboré", first_names="Issa", sex="M")
        (first,) = versions_of(person)
        assert (first.version, first.last_name, first.end_lifespan) == (1, "Kaboré", None)
        later = clock.now() + dt.timedelta(days=2)
        with clock.frozen_at(later):
            person = party_update(party=person, actor=self.agent_a, domicile="Réo", reason="Moved")
        first, second = versions_of(person)
        assert first.end_lifespan == later == second.begin_lifespan and second.domicile == "Réo"
        assert first.ended_by == self.agent_a == second.changed_by and second.change_reason == "Moved"
        # The party as it stood at a moment is one query on the history table.
        at = PartyVersion.objects.filter(party=person, begin_lifespan__lte=later - dt.timedelta(days=1))
        assert at.filter(end_lifespan__gt=later - dt.timedelta(days=1)).get().domicile == ""

    def test_an_edit_in_the_administration_makes_a_new_version(self):
        self.mayor.is_staff = self.mayor.is_superuser = True
        self.mayor.save()
        self.client.force_login(self.mayor)
        url = f"/admin/parties/party/{self.holder_a.pk}/change/"
        data = flat(form_data(self.client.get(url).content.decode()))
        data.update(profession="Maraîchère", _save="Save")
        response = self.client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        old, new = versions_of(Party.objects.get(pk=self.holder_a.pk))
        assert (old.profession, new.profession, new.changed_by) == ("", "Maraîchère", self.mayor)

    def test_json_snapshots_become_typed_versions(self):
        party = Party.objects.get(pk=self.holder_a.pk)
        PartyVersion.objects.filter(party=party)._raw_delete(connection.alias)
        moment = party.begin_lifespan + dt.timedelta(days=5)
        VersionRecord.objects.create(
            content_type=ContentType.objects.get_for_model(Party),
            object_id=party.pk,
            version=1,
            begin_lifespan=party.begin_lifespan,
            end_lifespan=moment,
            snapshot=snapshot_of(party),
            actor=self.agent_a,
            reason="Birth place corrected",
        )
        Party.objects.filter(pk=party.pk).update(version=2, begin_lifespan=moment, birth_place="Koudougou")
        migration = importlib.import_module("landreg.parties.migrations.0005_typed_history")
        migration.forwards(apps, connection.schema_editor())
        first, second = versions_of(party)
        assert (first.birth_place, first.birth_date, first.end_reason) == (
            "Réo",
            None,
            "Birth place corrected",
        )
        assert (first.id_document_number, first.birth_date_is_approximate) == ("B12345678", False)
        assert (second.birth_place, second.changed_by, second.begin_lifespan) == (
            "Koudougou",
            self.agent_a,
            moment,
        )
        assert not VersionRecord.objects.filter(object_id=party.pk).exists()
        # Backwards, the superseded version is a snapshot again.
        migration.backwards(apps, connection.schema_editor())
        (snapshot,) = VersionRecord.objects.filter(object_id=party.pk)
        assert snapshot.snapshot["birth_place"] == "Réo" and snapshot.reason == "Birth place corrected"
        assert not PartyVersion.objects.exists()
