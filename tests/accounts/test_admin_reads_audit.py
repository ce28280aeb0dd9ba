"""The system administrator reads the audit chain's events and signed checkpoints in the admin (docs/audit.md:
« read-only in the admin »), without writing them: the demo's administrator, a staff user granted the role,
found no « Audit » section at all (the role's group had no permission on the audit models)."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client

from landreg.accounts.roles import ADMIN_GROUP_NAME, Role
from landreg.accounts.services import role_grant
from landreg.audit.checkpoints import checkpoint_write
from tests.base import RegistryTestCase, make_user
from tests.browser_forms import links

grant = importlib.import_module("landreg.accounts.migrations.0007_admins_read_the_audit").grant


class AdminReadsAuditTests(RegistryTestCase):
    def test_the_system_administrator_opens_the_checkpoints_and_events_from_the_admin_index(self):
        admin = make_user("admin_sys")
        role_grant(user=admin, role=Role.SYSTEM_ADMINISTRATOR, unit=self.country)
        checkpoint = checkpoint_write(only_if_new_events=False)
        browser = Client()
        browser.force_login(admin)
        index = browser.get("/admin/").content.decode()
        self.assertIn("/admin/audit/auditcheckpoint/", links(index))
        self.assertIn("/admin/audit/auditevent/", links(index))
        listing = browser.get("/admin/audit/auditcheckpoint/")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(checkpoint.head_hash, listing.content.decode())
        self.assertIn("points de contrôle de l’historique", listing.content.decode().lower())
        self.assertEqual(browser.get("/admin/audit/auditevent/").status_code, 200)
        # Read only: nothing to add, change or delete.
        self.assertEqual(browser.get("/admin/audit/auditcheckpoint/add/").status_code, 403)
        self.assertNotIn("/admin/audit/auditcheckpoint/add/", links(listing.content.decode()))
        self.assertFalse(admin.has_perm("audit.change_auditevent"))
        self.assertFalse(admin.has_perm("audit.delete_auditcheckpoint"))

    def test_the_migration_gives_an_existing_group_the_two_view_permissions_only(self):
        group = Group.objects.create(name=ADMIN_GROUP_NAME)
        grant(apps, None)
        grant(apps, None)  # applied twice: the same two permissions
        codenames = set(
            group.permissions.filter(content_type__app_label="audit").values_list("codename", flat=True)
        )
        self.assertEqual(codenames, {"view_auditevent", "view_auditcheckpoint"})
        self.assertEqual(Permission.objects.filter(codename="view_auditevent").count(), 1)
