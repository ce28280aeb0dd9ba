"""What the agent reads of the records sent from the field (found walking field capture on the demo): each row
of « Mes envois du terrain » names its parcel and people (two records of one morning showed the same date,
village and photos); a claim lodged since is linked by its number, not as « Demande en brouillon »; the
reasons to correct read as sentences in ODK Collect's answer and corrections list (« … Sabtenga-Centre.; Le
contour … »), the date of the corrections list as the agent writes it."""

from html import unescape

from django.contrib.gis.geos import MultiPolygon
from django.utils import timezone, translation

from landreg.adjudication.models import Claim
from landreg.collect.models import Submission
from landreg.core.stored_messages import message_said
from landreg.territory.models import AdministrativeUnit
from tests.collect.test_openrosa import DeviceTestCase, geoshape, record
from tests.geometries import square


class FieldRecordsNamedTests(DeviceTestCase):
    def rows(self) -> str:
        self.client.force_login(self.agent_a)
        html = unescape(self.client.get("/collect/").content.decode())
        return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]

    def test_each_row_names_its_parcel_and_people_and_a_lodged_claim_by_its_number(self):
        assert self.post(record(instance_id="uuid:bintou")).status_code == 201
        rows = self.rows()
        assert "Champ de Ɓintou — Ouédraogo Ɓintou" in rows and ">Demande en brouillon<" in rows
        claim = self.submitted(Claim.objects.get())
        rows = self.rows()
        assert f">Demande {claim.receipt_number}<" in rows and "Demande en brouillon" not in rows

    def test_the_reasons_to_correct_read_as_sentences_and_the_date_as_written_in_french(self):
        limits = MultiPolygon(square(0, 0, side=1000))
        AdministrativeUnit.objects.filter(pk=self.village_a.pk).update(boundary=limits)
        nameless = (("Zida", "Boukary", "", ""),)  # no sex recorded: a second reason
        xml = record(instance_id="uuid:dehors", boundary=geoshape(square(5000, 0)), people=nameless)
        answer = self.post(xml).content.decode()
        kept = Submission.objects.get(instance_id="uuid:dehors").reasons
        with translation.override("fr"):  # kept as the registry's messages, said in the agent's language
            reasons = [message_said(reason) for reason in kept]
        assert len(reasons) == 2 and all(reason.endswith(".") for reason in reasons), reasons
        assert ".;" not in answer and f"{reasons[0]} {reasons[1]}" in unescape(answer)
        listed = self.client.get(
            "/collect/forms/landreg_parcel_TC-A/corrections.csv", **self.basic(self.agent_a)
        )
        text = listed.content.decode()
        assert ".;" not in text and f"{reasons[0]} {reasons[1]}" in text
        today = timezone.localdate().strftime("%d/%m/%Y")
        assert f"Champ de Ɓintou, envoyé le {today}" in text, text
