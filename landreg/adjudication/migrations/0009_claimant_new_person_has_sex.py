from django.db import migrations, models


def refuse_claimants_without_sex(apps, schema_editor):
    """Say which claims to complete rather than fail on the constraint with a bare integrity error."""
    claimant = apps.get_model("adjudication", "Claimant")
    missing = claimant.objects.filter(kind="natural", party__isnull=True).exclude(sex__in=["F", "M"])
    if missing.exists():
        claims = sorted({str(c.claim.receipt_number or c.claim_id) for c in missing.select_related("claim")})
        raise RuntimeError(
            "Claimants without a sex on claims " + ", ".join(claims) + ": record their sex, then migrate."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("adjudication", "0008_preset_change_steps"),
        ("parties", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_claimants_without_sex, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="claimant",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "natural"), _negated=True),
                    ("party__isnull", False),
                    ("sex__in", ["F", "M"]),
                    _connector="OR",
                ),
                name="claimant_new_person_has_sex",
            ),
        ),
    ]
