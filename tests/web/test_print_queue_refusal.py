"""The print queue: « Émettre » on a right a dispute came to hold since the page was shown brings the
registrar back where they were (the same page of the queue, its filters and its order), saying which parcel's
certificate was not issued and why; before, they landed on page 1 of the whole queue. (A right already held
shows the case instead of the button: test_print_queue_disputed.py.)"""

from urllib.parse import parse_qsl, urlsplit

from django.urls import reverse

from landreg.certificates.models import Certificate
from landreg.disputes.cases.services import dispute_open
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import flat, forms


class PrintQueueRefusalTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        # 51 more rights of village A waiting for their certificate: the queue's second page, in parcel
        # order, holds the last of them; a dispute holds its parcel.
        self.held = [self.parcel_held(300 * i) for i in range(1, 52)]
        self.disputed = self.held[-1]
        self.client.force_login(self.registrar)
        self.client.cookies["django_language"] = "fr"

    def test_issue_refused_for_a_disputed_right_keeps_page_and_filters_and_says_why(self):
        where = {"village": self.village_a.code, "sort": "parcel", "page": "2"}
        queue = reverse("certificates:queue")
        page = self.client.get(queue, where).content.decode()
        # The case is opened while the page is on the registrar's screen (a queue names a case already open).
        dispute_open(village=self.village_a, subject="Limite contestée par Ɓaŋre", parcels=[self.disputed])
        right = self.disputed.rights.get()
        issue = reverse("certificates:issue", args=[right.pk])
        [form] = [f for f in forms(page) if urlsplit(f.action).path == issue]
        [button] = form.buttons  # « Émettre », as rendered (no name: nothing of its own is sent)
        response = self.client.post(form.action, flat(form.data(button)))
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == queue
        assert dict(parse_qsl(location.query)) == where
        shown = self.client.get(response["Location"]).content.decode()
        assert f"Aucun certificat émis pour la parcelle {self.disputed.number}\u202f: " in shown
        assert "Litige en cours" in shown
        assert not Certificate.objects.filter(right=right).exists()
