"""The demo has cases for the dispute logins: one waiting for its session, one before the court (its parcel
frozen), one conciliated; loading it twice changes nothing."""

import io

from django.core.management import call_command
from django.test import TestCase, override_settings

from landreg.accounts.models import User
from landreg.disputes.freeze import has_open_case
from landreg.disputes.models import DisputeCase
from landreg.disputes.selectors import open_cases_for


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DisputeDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", quiet=True, verbosity=0)
        call_command("load_adjudication_demo", verbosity=0)
        call_command("load_disputes_demo", stdout=io.StringIO())

    def test_the_dispute_logins_have_cases_waiting_and_the_court_case_freezes_its_parcel(self):
        call_command("load_disputes_demo", stdout=io.StringIO())
        assert sorted(DisputeCase.objects.values_list("status", flat=True)) == [
            "conciliated",
            "conciliation",
            "in_court",
        ]
        assert len(open_cases_for(User.objects.get(username="conciliation"))) == 2
        assert len(open_cases_for(User.objects.get(username="litiges"))) == 2
        court = DisputeCase.objects.get(status="in_court")
        assert has_open_case(parcels=court.parcels.all())
        objection = DisputeCase.objects.get(origin="objection")
        assert objection.claims.get().state == "public_notice"
