"""One input serializer per claim move: the only fields of a move's body that reach its transition.

Fields the move does not take (``actor``, ``claim``, ``move``…) are ignored, as DRF ignores unknown fields;
each value is checked here (a date is a date, a reason code is on the list) and a bad one is a 400 naming
the field, before the transition runs.
"""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from landreg.adjudication.states import RejectionReason


class NoInput(serializers.Serializer):
    """Moves that take nothing but the claim and the caller."""


@extend_schema_serializer(component_name="ClaimMoveReasonsInput")
class ReasonsInput(serializers.Serializer):
    reasons = serializers.CharField(help_text="What the agent must complete or correct.")


@extend_schema_serializer(component_name="ClaimMoveReasonInput")
class ReasonInput(serializers.Serializer):
    reason = serializers.CharField()


@extend_schema_serializer(component_name="ClaimMoveOptionalReasonInput")
class OptionalReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="ClaimMoveNoticeExtendInput")
class NoticeExtendInput(serializers.Serializer):
    new_end = serializers.DateField(help_text="The new last day of the public notice (YYYY-MM-DD).")
    reason = serializers.CharField()


@extend_schema_serializer(component_name="ClaimMoveRejectInput")
class RejectInput(serializers.Serializer):
    code = serializers.ChoiceField(choices=RejectionReason.choices)
    note = serializers.CharField(help_text="The explanation the applicant will read.")


MOVE_INPUTS: dict[str, type[serializers.Serializer]] = {
    "submit": NoInput,
    "screening_start": NoInput,
    "screening_return": ReasonsInput,
    "screening_accept": NoInput,
    "notice_extend": NoticeExtendInput,
    "notice_close": NoInput,
    "site_verification_close": NoInput,
    "committee_validate": OptionalReasonInput,
    "authority_approve": OptionalReasonInput,
    "reject": RejectInput,
    "withdraw": ReasonInput,
    "freeze": ReasonInput,
    "unfreeze": ReasonInput,
}
