from django.db import migrations, models


def fill(apps, schema_editor):
    """Each mortgage's first inscription: its own right's beginning, unless it is a part of a split parcel
    that carried it (an earlier mortgage of the same creditor, deed and amount on a parcel since retired,
    its right ended no earlier than this one began): then that one's, read first (oldest first)."""
    MortgageTerms = apps.get_model("rights", "MortgageTerms")
    found = {}  # (creditor, deed, deed date, amount, currency) -> [(begin, end, registered_at)]
    for terms in MortgageTerms.objects.select_related("right__parcel").order_by("right__begin_lifespan"):
        right = terms.right
        creditor = right.holders.values_list("party_id", flat=True).first()
        key = (creditor, right.legal_basis, terms.deed_date, terms.amount, terms.currency)
        registered = right.begin_lifespan
        for begin, end, first in found.get(key, []):
            if end is not None and begin < right.begin_lifespan <= end:
                registered = first
                break
        terms.registered_at = registered
        terms.save(update_fields=["registered_at"])
        if right.parcel.end_lifespan is not None:  # a retired parcel's mortgage: a split may have carried it
            found.setdefault(key, []).append((right.begin_lifespan, right.end_lifespan, registered))


class Migration(migrations.Migration):
    dependencies = [("rights", "0005_mortgage_terms")]

    operations = [
        migrations.AddField(
            model_name="mortgageterms",
            name="registered_at",
            field=models.DateTimeField(null=True, verbose_name="registered at"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="mortgageterms",
            name="registered_at",
            field=models.DateTimeField(
                help_text="When the mortgage was first written in the register.", verbose_name="registered at"
            ),
        ),
    ]
