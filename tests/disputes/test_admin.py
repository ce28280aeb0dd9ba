"""The admin's "add dispute case" opens the case through the service (number, village lock, history)."""

from landreg.disputes.models import DisputeCase
from tests.base import RegistryTestCase


class DisputeAdminTests(RegistryTestCase):
    def test_the_administrator_adds_a_dispute_case_and_it_gets_its_number(self):
        from landreg.accounts.models import User

        admin = User.objects.create_superuser("root", password="x")
        self.client.force_login(admin)
        form = self.client.get("/admin/disputes/disputecase/add/")
        assert form.status_code == 200
        response = self.client.post(
            "/admin/disputes/disputecase/add/",
            {"village": str(self.village_a.pk), "subject": "Limite contestée entre deux champs"},
            follow=True,
        )
        assert response.status_code == 200
        case = DisputeCase.objects.get()
        assert case.number.startswith("LIT-TC-C-") and case.opened_by == admin and case.is_open
        assert case.subject == "Limite contestée entre deux champs"

    def test_a_case_without_subject_or_village_is_a_form_error(self):
        from landreg.accounts.models import User

        self.client.force_login(User.objects.create_superuser("root", password="x"))
        response = self.client.post("/admin/disputes/disputecase/add/", {"subject": ""})
        assert response.status_code == 200 and not DisputeCase.objects.exists()
