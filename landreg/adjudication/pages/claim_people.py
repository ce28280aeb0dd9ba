"""The objections a claim's page lists, each with the registered person who lodged it: the first objector of
the case the objection opened (objection_lodge names them first), None for a name typed at the counter. Two
statements, whatever the number of objections (their cases read with them, their objectors at once)."""

from landreg.adjudication.models import Objection
from landreg.disputes.models import DisputeParty
from landreg.disputes.states import DisputeRole


def objections_shown(claim) -> list[Objection]:
    objections = list(claim.objections.select_related("dispute"))
    objectors = {}
    for case, party in (
        DisputeParty.objects.filter(case__in=[o.dispute_id for o in objections], role=DisputeRole.OBJECTOR)
        .order_by("id")
        .values_list("case_id", "party_id")
    ):
        objectors.setdefault(case, party)
    for objection in objections:
        objection.objector_party_id = objectors.get(objection.dispute_id)
    return objections
