"""API of the co-holders' consents to a sale, donation, lease or split (see ``changes.consents``)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes.consents import RepresentativeInput, consent_record, consents_needed
from landreg.adjudication.models import Claim, ConsentRole, SignatureMark
from landreg.adjudication.selectors import claims_visible_to
from landreg.parties.models import RepresentationBasis


def _rows(claim) -> list[dict]:
    return [
        {
            "role": n.role,
            "party": str(n.party.pk),
            "name": n.party.display_name,
            "given": n.given,
            "mark": n.consent.mark if n.consent else None,
            "minor": n.minor,
            "given_by": n.consent.representative_name if n.consent else "",
        }
        for n in consents_needed(claim)
    ]


class ClaimConsentApi(APIView):
    """GET: the consents the application needs and those given. POST: record one, with its mark."""

    @extend_schema_serializer(component_name="ClaimConsentInput")
    class InputSerializer(serializers.Serializer):
        party = serializers.UUIDField(help_text="The co-holder, or the holder whose spouse consents")
        role = serializers.ChoiceField(choices=ConsentRole.choices, default=ConsentRole.CO_HOLDER)
        agrees = serializers.BooleanField()
        mark = serializers.ChoiceField(choices=SignatureMark.choices)
        mark_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=128)
        name = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=200, help_text="The spouse's name"
        )
        representative_name = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            max_length=200,
            help_text="For a minor co-holder: the legal representative who consents (else the one recorded)",
        )
        representative_basis = serializers.ChoiceField(
            choices=RepresentationBasis.choices, required=False, allow_blank=True, default=""
        )
        representative_reference = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=200
        )

    def claim(self, pk) -> Claim:
        claim = claims_visible_to(self.request.user).filter(pk=pk).first()
        if claim is None or not has_unit_perm(self.request.user, "record_transactions", claim.village):
            raise NotFound
        return claim

    @extend_schema(responses={200: serializers.ListSerializer(child=serializers.DictField())})
    def get(self, request, pk):
        return Response(_rows(self.claim(pk)))

    @extend_schema(
        request=InputSerializer, responses={201: serializers.ListSerializer(child=serializers.DictField())}
    )
    def post(self, request, pk):
        claim = self.claim(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        wanted = {(n.role, n.party.pk): n.party for n in consents_needed(claim)}
        party = wanted.get((values["role"], values["party"]))
        if party is None:
            return Response(
                {"party": [_("This person's consent is not asked for this application.")]}, status=400
            )
        consent_record(
            claim=claim,
            actor=request.user,
            role=values["role"],
            party=party,
            agrees=values["agrees"],
            mark=values["mark"],
            name=values["name"],
            mark_reference=values["mark_reference"],
            representative=RepresentativeInput(
                name=values["representative_name"],
                basis=values["representative_basis"],
                reference=values["representative_reference"],
            )
            if values["representative_name"].strip()
            else None,
        )
        return Response(_rows(claim), status=201)
