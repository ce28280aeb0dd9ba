"""The system administrators' group, made before it read the audit chain in the admin, reads it too: the view
permissions of the audit events and checkpoints (accounts.services.ADMIN_READS gives them to a group made
since)."""

from django.db import migrations

GROUP = "system administrators"  # accounts.roles.ADMIN_GROUP_NAME, as stored
READS = {
    "auditevent": "Can view audit event",
    "auditcheckpoint": "Can view audit checkpoint",
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:  # a new database: the group is made with these at the first grant
        return
    for model, name in READS.items():
        # On a database migrated at once the permission rows are written after the migrations (post_migrate).
        content_type, _ = ContentType.objects.get_or_create(app_label="audit", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"view_{model}", defaults={"name": name}
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_user_manager_forgets_kept_rows"),
        ("audit", "0008_certificate_events_baseline"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
