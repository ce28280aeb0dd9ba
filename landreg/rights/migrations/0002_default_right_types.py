from django.db import migrations

from landreg.rights.codelists import load_default_right_types


def load(apps, schema_editor):
    load_default_right_types(apps.get_model("rights", "RightType"))


class Migration(migrations.Migration):
    dependencies = [("rights", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
