"""/api/v1/certificates/: the same actions as the pages, through the same services and transitions."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from landreg.accounts.selectors import units_covered
from landreg.api.paging import PAGE_PARAMETERS, RegistryPagination, paged
from landreg.api.throttles import AddressRateThrottle
from landreg.certificates.batches.queue import batch_request
from landreg.certificates.issuing.services import certificate_deliver, certificate_issue, certificate_print
from landreg.certificates.issuing.transitions import (
    certificate_declare_lost,
    certificate_revoke,
    certificate_sign,
)
from landreg.certificates.models import (
    Acknowledgement,
    BatchFormat,
    Certificate,
    CertificateBatch,
    CertificateStage,
)
from landreg.certificates.selectors import (
    batches_visible_to,
    certificate_stage,
    certificates_visible_to,
    delivery_recipients,
    print_queue_marked,
    with_stage,
)
from landreg.certificates.standing import reflects_register, with_standing
from landreg.certificates.verification import public_url
from landreg.certificates.verification.throttle import SCOPE as VERIFY_SCOPE
from landreg.certificates.verification.verdicts import verify_token
from landreg.documents.content import DocumentFileError, check_document
from landreg.parties.models import IdDocumentType
from landreg.rights.selectors import rights_visible_to


class CertificateOutput(serializers.ModelSerializer):
    parcel_number = serializers.CharField(source="parcel.number")
    superseded = serializers.BooleanField(source="is_superseded")
    reflects_register = serializers.SerializerMethodField(
        help_text="In force and still what the register says: not revoked, not superseded, and nothing "
        "recorded since issue on its parcel's other rights or its holders (the verification lists it)"
    )
    stage = serializers.SerializerMethodField(
        help_text="Where it stands on its path at the land office, as its page says: to_print (numbered, not "
        "printed), to_sign (printed, awaiting the authority's signature), to_deliver (printed and signed, or "
        "in force without the signature, its last paper not handed over yet: a duplicate printed after a "
        "delivery is a paper of its own), delivered (its last paper handed over); null when revoked or "
        "superseded (no longer printed, signed or handed over)"
    )
    holders = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "status",
            "signature_required",
            "signed_at",
            "stage",
            "superseded",
            "reflects_register",
            "parcel_number",
            "issue_date",
            "legal_basis",
            "holders",
            "print_count",
            "revocation_reason",
            "lost_on",
            "token",
        ]

    def get_reflects_register(self, obj) -> bool:
        return reflects_register(obj)

    @extend_schema_field(serializers.ChoiceField(choices=CertificateStage.choices, allow_null=True))
    def get_stage(self, obj) -> str | None:
        return certificate_stage(obj)

    def get_holders(self, obj) -> list[dict]:
        return [{"name": h["name"], "share": h["share"]} for h in obj.content["holders"]]


class BatchOutput(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code")

    class Meta:
        model = CertificateBatch
        fields = ["id", "unit_code", "output_format", "status", "total", "done", "progress_percent", "error"]


def _certificate(request, pk) -> Certificate:
    return get_object_or_404(
        with_stage(with_standing(certificates_visible_to(request.user).select_related("parcel", "right"))),
        pk=pk,
    )


class CertificateListApi(APIView):
    @extend_schema(
        operation_id="v1_certificates_list",
        responses=paged("CertificatePage", CertificateOutput(many=True)),
        parameters=PAGE_PARAMETERS,
    )
    def get(self, request):
        rows = with_stage(
            with_standing(
                certificates_visible_to(request.user)
                .select_related("parcel", "right")
                .order_by("number", "pk")
            )
        )
        paginator = RegistryPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(CertificateOutput(page, many=True).data)


class CertificateDetailApi(APIView):
    @extend_schema(responses=CertificateOutput)
    def get(self, request, pk):
        return Response(CertificateOutput(_certificate(request, pk)).data)


class CertificateQueueApi(APIView):
    """The rights waiting for their first certificate, as the print queue page lists them: ``dispute_case`` is
    the number of the open dispute case that holds the right or its parcel (null when none does). Such a right
    is refused by ``certificates/issue/`` (409) until the outcome, as the page offers no « Émettre ».
    ``to_reissue``: the right's certificate in force that is no longer the register's word (certificates.
    standing), as the page's « à rééditer » leads to; issuing returns it until the authority revokes it."""

    @extend_schema(
        responses=paged(
            "QueuePage",
            inline_serializer(
                "QueueRow",
                {
                    "right": serializers.UUIDField(),
                    "parcel_number": serializers.CharField(),
                    "village": serializers.CharField(),
                    "dispute_case": serializers.CharField(
                        allow_null=True,
                        help_text="The open dispute case holding the right or its parcel: no certificate "
                        "is issued until its outcome (null: ready to issue)",
                    ),
                    "to_reissue": serializers.UUIDField(
                        allow_null=True,
                        help_text="The right's certificate in force, which no longer says what the register "
                        "says: revoked by the authority, a new edition is issued (null: none in force)",
                    ),
                },
                many=True,
            ),
        ),
        parameters=PAGE_PARAMETERS,
    )
    def get(self, request):
        paginator = RegistryPagination()
        # The dispute's case read in the page's statement (print_queue_marked), not a question a row.
        queue = print_queue_marked(request.user).prefetch_related(None)
        rows = paginator.paginate_queryset(queue, request, view=self)
        return paginator.get_paginated_response(
            [
                {
                    "right": str(r.pk),
                    "parcel_number": r.parcel.number,
                    "village": r.parcel.village.code,
                    "dispute_case": r.open_case,
                    "to_reissue": r.to_reissue,
                }
                for r in rows
            ]
        )


class CertificateIssueApi(APIView):
    class IssueInput(serializers.Serializer):
        # Only the right: the procedure's references come from its own records, never from the caller.
        right = serializers.UUIDField()

    @extend_schema(request=IssueInput, responses=CertificateOutput)
    def post(self, request):
        data = self.IssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        right = get_object_or_404(rights_visible_to(request.user), pk=data.validated_data["right"])
        certificate, created = certificate_issue(
            right=right, actor=request.user, base_url=public_url.for_request(request)
        )
        return Response(
            CertificateOutput(certificate).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class CertificatePrintApi(APIView):
    """The PDF; the first print is the original, the next ones are DUPLICATA, counted."""

    @extend_schema(request=None, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def post(self, request, pk):
        certificate = _certificate(request, pk)
        pdf = certificate_print(certificate=certificate, actor=request.user)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
        return response


class CertificateSignApi(APIView):
    @extend_schema(request=None, responses=CertificateOutput)
    def post(self, request, pk):
        certificate = _certificate(request, pk)
        certificate = certificate_sign(certificate=certificate, actor=request.user)
        return Response(CertificateOutput(certificate).data)


class CertificateRevokeApi(APIView):
    class RevokeInput(serializers.Serializer):
        reason = serializers.CharField()

    @extend_schema(request=RevokeInput, responses=CertificateOutput)
    def post(self, request, pk):
        data = self.RevokeInput(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = _certificate(request, pk)
        certificate = certificate_revoke(
            certificate=certificate, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(CertificateOutput(certificate).data)


class CertificateLostApi(APIView):
    """A holder (``declared_by``: a party the certificate page lists as a recipient) declared the certificate
    lost or destroyed: it is revoked and its right goes back to the print queue. Sent again: 400, no second
    declaration."""

    class LostInput(serializers.Serializer):
        declared_on = serializers.DateField()
        declared_by = serializers.UUIDField(help_text="the holder or the holding's mandatary who declared it")
        note = serializers.CharField(max_length=1000, help_text="e.g. the police declaration's number")

    @extend_schema(request=LostInput, responses=CertificateOutput)
    def post(self, request, pk):
        data = self.LostInput(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = _certificate(request, pk)
        recipients = {r.party.pk: r.party for r in delivery_recipients(certificate)}
        party = recipients.get(data.validated_data["declared_by"])
        if party is None:
            raise serializers.ValidationError(
                {"declared_by": [_("Choose one of the holders of this certificate.")]}
            )
        certificate = certificate_declare_lost(
            certificate=certificate,
            actor=request.user,
            declared_on=data.validated_data["declared_on"],
            declared_by=party,
            note=data.validated_data["note"],
        )
        return Response(CertificateOutput(certificate).data)


# Who received the certificate and how (201 delivered now, 200 the same delivery sent again).
DELIVERY_ANSWER = inline_serializer(
    "CertificateDeliveryAnswer",
    {
        "id": serializers.IntegerField(),
        "delivered_to": serializers.CharField(),
        "holder": serializers.UUIDField(allow_null=True, help_text="the holder, unless a representative"),
        "by_representative": serializers.BooleanField(),
        "delivered_at": serializers.DateTimeField(),
    },
)


class CertificateDeliverApi(APIView):
    """The signed certificate handed to one of its holders (``holder``: a party the certificate page lists:
    a natural person holding the right, or the holding group's mandatary or member) or to a representative
    (``representative_name``) with the power of attorney (``proxy_date`` and ``proxy_reference``, or the
    ``proxy_file`` as multipart); with the identity document presented. Sent again: recorded once (200)."""

    class DeliverInput(serializers.Serializer):
        holder = serializers.UUIDField(required=False, allow_null=True, default=None)
        representative_name = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=200
        )
        proxy_date = serializers.DateField(required=False, allow_null=True, default=None)
        proxy_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
        proxy_file = serializers.FileField(required=False, allow_null=True, default=None)
        id_document_type = serializers.ChoiceField(choices=IdDocumentType.choices)
        id_document_number = serializers.CharField(max_length=64)
        acknowledgement = serializers.ChoiceField(choices=Acknowledgement.choices)
        marker = serializers.CharField(required=False, allow_blank=True, default="", max_length=128)

        def validate_proxy_file(self, file):
            if file is None:
                return None
            try:
                check_document(file)
            except DocumentFileError as exc:
                raise serializers.ValidationError(str(exc)) from exc
            return file

        def validate(self, attrs):
            attrs["representative_name"] = " ".join(attrs["representative_name"].split())
            if (attrs["holder"] is None) == (not attrs["representative_name"]):
                raise serializers.ValidationError(
                    _("Hand the certificate to one of its holders or to a representative.")
                )
            if attrs["representative_name"]:
                errors = {}
                if attrs["proxy_file"] is None and not attrs["proxy_reference"].strip():
                    errors["proxy_reference"] = [
                        _(
                            "A representative brings a power of attorney: its file, or the reference of "
                            "the paper."
                        )
                    ]
                if attrs["proxy_date"] is None:
                    errors["proxy_date"] = [_("Give the date of the power of attorney.")]
                if errors:
                    raise serializers.ValidationError(errors)
            return attrs

    @extend_schema(
        request={"application/json": DeliverInput, "multipart/form-data": DeliverInput},
        responses={200: DELIVERY_ANSWER, 201: DELIVERY_ANSWER},
    )
    def post(self, request, pk):
        data = self.DeliverInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        certificate = _certificate(request, pk)
        party = None
        if values["holder"] is not None:
            recipients = {r.party.pk: r.party for r in delivery_recipients(certificate)}
            party = recipients.get(values["holder"])
            if party is None:
                raise serializers.ValidationError(
                    {"holder": [_("Choose one of this certificate's holders, or a representative.")]}
                )
        before = certificate.deliveries.count()
        delivery = certificate_deliver(
            certificate=certificate,
            actor=request.user,
            party=party,
            representative_name=values["representative_name"],
            proxy_reference=values["proxy_reference"],
            proxy_date=values["proxy_date"],
            proxy_file=values["proxy_file"],
            id_document_type=values["id_document_type"],
            id_document_number=values["id_document_number"],
            acknowledgement=values["acknowledgement"],
            marker=values["marker"],
        )
        created = certificate.deliveries.count() > before
        # Who received it and how; the identity document's number stays with the land office's page.
        return Response(
            {
                "id": delivery.pk,
                "delivered_to": delivery.delivered_to,
                "holder": delivery.party_id,
                "by_representative": delivery.by_representative,
                "delivered_at": delivery.delivered_at,
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class BatchCreateApi(APIView):
    class BatchInput(serializers.Serializer):
        unit = serializers.CharField(help_text="code of a village or a commune")
        output_format = serializers.ChoiceField(choices=BatchFormat.choices, default=BatchFormat.PDF)
        fingerprint = serializers.CharField(
            required=False,
            min_length=64,
            max_length=64,
            help_text="digest of the list the page previewed; if given, the run is refused when it changed",
        )

    @extend_schema(request=BatchInput, responses={202: BatchOutput})
    def post(self, request):
        data = self.BatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        unit = (
            units_covered(request.user, "issue_certificates").filter(code=data.validated_data["unit"]).first()
        )
        if unit is None:
            raise PermissionDenied("You do not print certificates in this unit.")
        batch = batch_request(
            unit=unit,
            actor=request.user,
            output_format=data.validated_data["output_format"],
            fingerprint=data.validated_data.get("fingerprint"),
            base_url=public_url.for_request(request),
        )
        return Response(BatchOutput(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchDetailApi(APIView):
    @extend_schema(responses=BatchOutput)
    def get(self, request, pk):
        return Response(BatchOutput(get_object_or_404(batches_visible_to(request.user), pk=pk)).data)


class VerifyApi(APIView):
    """Public: the verdict on a token and its essential fields (no personal data); a limited number a minute
    from one address, counted with the page's (verification.throttle)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AddressRateThrottle]
    throttle_scope = VERIFY_SCOPE

    @extend_schema(
        responses=inline_serializer(
            "CertificateVerification",
            {
                "status": serializers.ChoiceField(
                    choices=[
                        "valid",
                        "not_in_force",
                        "superseded",
                        "revoked",
                        "unknown",
                        "invalid",
                        "unavailable",
                    ]
                ),
                "reason": serializers.CharField(help_text="why it was revoked, else empty"),
                "lost_on": serializers.DateField(allow_null=True, help_text="declared lost on, if so"),
                "replaced_by": serializers.CharField(
                    help_text="number of the certificate issued in its place"
                ),
                "signed_at": serializers.DateTimeField(allow_null=True),
                "dispute_pending": serializers.BooleanField(),
                "register_changes": serializers.ListField(
                    child=serializers.DictField(),
                    help_text="what the register recorded since issue that the certificate does not say, "
                    "oldest first: kind (transfer, split, merge, parcel_corrected, right_ended, "
                    "right_corrected, ended, added, name, particulars), on (when) and type (the secondary "
                    "right or restriction ended or added, in the reader's language, else empty); empty: it "
                    "still reflects the register",
                ),
                "mortgages": serializers.ListField(
                    child=serializers.DictField(),
                    help_text="the parcel's mortgages in force today, whenever inscribed: creditor (a bank "
                    "or a microfinance institution) and registered_at (when inscribed); not the amount",
                ),
                "claims": serializers.DictField(
                    help_text="the certificate's fields as signed (no personal data)"
                ),
            },
        )
    )
    def get(self, request, token):
        verdict = verify_token(token)
        return Response(
            {
                "status": verdict.status,
                "reason": verdict.reason,
                "lost_on": verdict.lost_on,
                "replaced_by": verdict.replaced_by,
                "signed_at": verdict.signed_at,
                "dispute_pending": verdict.dispute_pending,
                # What the register recorded since issue that the certificate does not say (no names).
                "register_changes": [{"kind": c.kind, "on": c.on, "type": c.type} for c in verdict.changes],
                "mortgages": [
                    {"creditor": m.creditor, "registered_at": m.registered_at} for m in verdict.mortgages
                ],
                "claims": verdict.claims,
            }
        )
