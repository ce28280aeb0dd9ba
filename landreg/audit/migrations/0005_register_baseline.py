"""Record the register as it stands, so that verify_audit can tell later edits made outside the registry.

Rows written before row hashing existed enter the chain here, as they are ("register.baseline" events).
A fresh database has none and records nothing.
"""

from django.db import migrations


def record_baseline(apps, schema_editor):
    from landreg.audit.rows import register_models, register_write

    for model in register_models(apps):
        pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
        if pks:
            register_write(action="register.baseline", model=model, pks=pks)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_row_hashes"),
        ("parties", "0001_initial"),
        ("parcels", "0003_parcel_number_sequence"),
        ("rights", "0002_default_right_types"),
        ("certificates", "0002_certified_versions"),
    ]
    operations = [migrations.RunPython(record_baseline, migrations.RunPython.noop)]
