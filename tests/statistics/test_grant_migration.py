"""Users granted a role before the statistics existed see them too: the data migration gives view_statistics
to the active registrars, signing authorities and system administrators, and to nobody else."""

import importlib

from django.apps import apps
from django.test import TestCase

from landreg.accounts.models import RoleAssignment, User
from landreg.accounts.roles import Role
from landreg.accounts.selectors import has_unit_perm
from landreg.core import clock
from landreg.statistics.scope import may_view_statistics
from tests.base import make_territory

grant = importlib.import_module("landreg.accounts.migrations.0003_grant_view_statistics").grant


class GrantMigrationTests(TestCase):
    def test_existing_registrars_get_the_statistics_and_field_agents_do_not(self):
        _country, _region, commune, village_a, _village_b = make_territory()
        # Assignments written as they were before this release (no view_statistics object permission).
        registrar, agent, former = (User.objects.create_user(name) for name in ("guichet", "agent", "ancien"))
        RoleAssignment.objects.create(user=registrar, role=Role.REGISTRAR, unit=commune)
        RoleAssignment.objects.create(user=agent, role=Role.FIELD_AGENT, unit=village_a)
        RoleAssignment.objects.create(
            user=former, role=Role.SIGNING_AUTHORITY, unit=commune, revoked_at=clock.now()
        )
        self.assertFalse(may_view_statistics(registrar))
        grant(apps, None)
        grant(apps, None)  # run twice (a migration re-applied): still one permission
        self.assertTrue(has_unit_perm(registrar, "view_statistics", village_a))
        self.assertTrue(may_view_statistics(User.objects.get(pk=registrar.pk)))
        self.assertFalse(may_view_statistics(agent))
        self.assertFalse(may_view_statistics(former))
