"""A secondary right recorded in the field reaches the draft claim: ODK Collect's record names the holder
and says whether the holder is a woman, a man or a group; a record from the form before that question waits
for its agent with the reason, never losing the right (it was read and dropped: no grazing right on the
claim)."""

from html import unescape

from django.utils import translation

from landreg.collect.models import Submission, SubmissionState
from landreg.collect.xforms import parcel_survey
from landreg.core.stored_messages import message_said
from tests.collect.test_openrosa import DeviceTestCase, record

GRAZING = (
    "<secondary_right><secondary_type>grazing</secondary_type>"
    "<secondary_holder>Association des éleveurs peuls</secondary_holder>{kind}"
    "<secondary_description>Pâture après la récolte</secondary_description></secondary_right>"
)


def with_secondary_right(xml: bytes, kind: str | None) -> bytes:
    right = GRAZING.format(
        kind="" if kind is None else f"<secondary_holder_kind>{kind}</secondary_holder_kind>"
    )
    return xml.replace(b"<neighbour_north>", right.encode() + b"<neighbour_north>")


class SecondaryRightFromTheFieldTests(DeviceTestCase):
    def test_the_form_asks_whether_the_holder_is_a_woman_a_man_or_a_group(self):
        xml = parcel_survey("TC-A", "Village A").xml
        assert "secondary_holder_kind" in xml and "Une association" in xml and "A woman" in xml

    def test_a_grazing_right_of_an_association_is_on_the_draft_claim(self):
        response = self.post(with_secondary_right(record(instance_id="uuid:paturage"), "association"))
        assert response.status_code == 201, response.content
        claim = Submission.objects.get(instance_id="uuid:paturage").claim
        right = claim.secondary_rights.get()
        assert right.right_type.code == "grazing" and right.description == "Pâture après la récolte"
        assert (right.kind, right.name, right.group_type) == (
            "group",
            "Association des éleveurs peuls",
            "association",
        )

    def test_a_loan_to_a_woman_names_her(self):
        xml = with_secondary_right(record(instance_id="uuid:pret"), "F").replace(b">grazing<", b">loan<")
        assert self.post(xml).status_code == 201
        right = Submission.objects.get(instance_id="uuid:pret").claim.secondary_rights.get()
        assert (right.kind, right.last_name, right.sex) == ("natural", "Association des éleveurs peuls", "F")

    def test_a_right_without_the_holders_kind_waits_for_the_agent_with_the_reason(self):
        response = self.post(with_secondary_right(record(instance_id="uuid:ancien"), None))
        assert response.status_code == 201
        submission = Submission.objects.get(instance_id="uuid:ancien")
        assert submission.state == SubmissionState.NEEDS_CORRECTION and submission.claim is None
        french = (
            "Droit secondaire de «\u202fAssociation des éleveurs peuls\u202f»\u202f: dites si le titulaire "
            "est une femme, un homme ou un groupe (mettez à jour le formulaire dans ODK Collect\u202f: "
            "«\u202fTélécharger un formulaire\u202f»)."
        )
        assert french in unescape(response.content.decode())  # the phone reads it in French
        # Kept as the registry's message (English, with its values), said in the reader's language.
        assert submission.reasons == [
            "Secondary right of “Association des éleveurs peuls”: say whether the holder is a woman, a man "
            "or a group (update the form in ODK Collect: “Get blank form”)."
        ]
        with translation.override("fr"):
            assert message_said(submission.reasons[0]) == french
