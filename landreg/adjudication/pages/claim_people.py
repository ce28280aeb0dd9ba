"""The objections a claim's page lists, each with the registered person who lodged it: the first objector of
the case the objection opened (objection_lodge names them first), None for a name typed at the counter, with
their village's path and level (parties.selectors.parties_seen_among). Two statements, whatever the number of
objections (their cases read with them, their objectors at once)."""

from landreg.adjudication.models import Objection
from landreg.disputes.models import DisputeParty
from landreg.disputes.states import DisputeRole


def objections_shown(claim) -> list[Objection]:
    objections = list(claim.objections.select_related("dispute"))
    objectors = {}
    for case, *objector in (
        DisputeParty.objects.filter(case__in=[o.dispute_id for o in objections], role=DisputeRole.OBJECTOR)
        .order_by("id")
        .values_list("case_id", "party_id", "party__village__path", "party__village__level")
    ):
        objectors.setdefault(case, objector)
    for objection in objections:
        objection.objector_party_id, objection.objector_village_path, objection.objector_village_level = (
            objectors.get(objection.dispute_id, (None, "", ""))
        )
    return objections
