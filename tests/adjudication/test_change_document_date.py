"""What the walk of the demo found on the land office's page for an application for a change: the registrar
chose the heirs, the customary attestation and its reference, chose its scan, and pressed « Déposer la
demande »; the page came back at its top with no word, the one error (« Donnez la date du document. ») at the
foot of a long form, and the scan to choose again. The document's date was blank, where the claim page's
document form offers today's. It now offers today's date too, so a document attached the day it is brought
lodges the application at the first press."""

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import flat, form_with_field


class ChangeDocumentDateTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def test_the_attestation_brought_today_lodges_the_inheritance_at_the_first_press(self):
        self.client.force_login(self.registrar)
        url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"
        form = form_with_field(self.client.get(url).content.decode(), "kind")
        assert dict(form.fields)["document_date"] == clock.today().isoformat()
        heir = make_person(self.village_a, "Ɓaŋré", "Ɛlisabɛt", "F")
        typed = {
            "kind": "inheritance",
            "reason": "Décès de OUÉDRAOGO Aminata, acte de notoriété n°12",
            "right": str(self.right_a.pk),
            "holders-0-party": str(heir.pk),
            "holders-0-share": "1/2",
            "holders-1-last_name": "Ɓaŋré",
            "holders-1-first_names": "Ŋouma",
            "holders-1-sex": "M",
            "holders-1-share": "1/2",
            "source_type": "customary_attestation",
            "reference": "Attestation du chef de Sabtenga",
        }
        response = self.client.post(url, flat(form.data(None, **typed)))
        application = Claim.objects.get(purpose="inheritance")
        self.assertRedirects(response, f"/adjudication/claims/{application.pk}/")
        assert application.state == ClaimState.SUBMITTED
        assert application.documents.get().document_date == clock.today()
