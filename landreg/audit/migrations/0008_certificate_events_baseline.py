"""Certificate events and deliveries became register rows (``audit.rows.REGISTER_TABLES``): the rows written
before enter the chain here, as they are ("register.baseline" events), so that verify_audit can tell one
added, changed or removed later. A fresh database has none and records nothing."""

from django.db import migrations

LABELS = ("certificates.certificateevent", "certificates.certificatedelivery")


def record_baseline(apps, schema_editor):
    from landreg.audit.rows import register_write

    RowHash = apps.get_model("audit", "RowHash")
    for label in LABELS:
        model = apps.get_model(label)
        recorded = set(RowHash.objects.filter(model=label).values_list("object_id", flat=True))
        pks = [pk for pk in model._base_manager.order_by("pk").values_list("pk", flat=True) if str(pk) not in recorded]
        if pks:
            register_write(action="register.baseline", model=model, pks=pks)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0007_payload_lz4"),
        ("certificates", "0007_field_labels"),
    ]
    operations = [migrations.RunPython(record_baseline, migrations.RunPython.noop)]
