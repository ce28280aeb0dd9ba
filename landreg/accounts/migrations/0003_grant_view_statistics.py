"""Registrars, signing authorities and system administrators already granted keep seeing what their role now
includes: the statistics of their units (roles.ROLE_PERMISSIONS gives new grants the permission)."""

from django.db import migrations

ROLES_WITH_STATISTICS = ["registrar", "signing_authority", "system_administrator"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    assignments = RoleAssignment.objects.filter(revoked_at__isnull=True, role__in=ROLES_WITH_STATISTICS)
    if not assignments.exists():
        return
    # On a new database the permission row is written after the migrations (post_migrate); here it is needed now.
    unit_type, _ = ContentType.objects.get_or_create(app_label="territory", model="administrativeunit")
    permission, _ = Permission.objects.get_or_create(
        content_type=unit_type,
        codename="view_statistics",
        defaults={"name": "See the statistics of the unit (counts only, no names)"},
    )
    for user_id, unit_id in assignments.values_list("user_id", "unit_id"):
        UserObjectPermission.objects.get_or_create(
            user_id=user_id, permission=permission, content_type=unit_type, object_pk=str(unit_id)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_programme_officer_role"),
        ("territory", "0002_view_statistics_permission"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
