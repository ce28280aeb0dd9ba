"""A minor's legal representative, asked by the API beside every person taking a right: a claimant of a first
registration (the drafting API) and a holder of a direct transfer. The rules on who must have one are
adjudication.changes.minors'; these fields only name and check the input."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from landreg.parties.models import RepresentationBasis


class RepresentativeFields(serializers.Serializer):
    representative_party = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A minor's legal representative, a registered person (or representative_name)",
    )
    representative_name = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="A minor's legal representative, by name (or representative_party)",
    )
    representative_basis = serializers.ChoiceField(
        choices=RepresentationBasis.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the representative acts: father, mother, or a guardian (family council, court)",
    )
    representative_reference = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="A guardian's family council minutes or court judgment",
    )

    @staticmethod
    def refuse_two_representatives(attrs) -> None:
        """One representative, chosen in the list or typed: not both."""
        if attrs["representative_party"] and attrs["representative_name"].strip():
            raise serializers.ValidationError(
                {"representative_name": _("Choose the representative in the list or type a name, not both.")}
            )
