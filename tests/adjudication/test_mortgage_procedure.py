"""The preset procedures ask a mortgage's deed and put it through the authority's approval, as a sale or a
lease: before, no preset named a mortgage, so any commune recorded one at the desk, without its deed, and
an application went straight from screening to the register."""

import importlib

import pytest
from django.apps import apps

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.changes.mortgages import mortgage_register
from landreg.adjudication.claims import transitions
from landreg.adjudication.exceptions import MissingDocumentsError, ProcedureRequiredError
from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import PRESETS
from landreg.adjudication.states import ClaimState
from landreg.rights.models import Right
from tests.adjudication.helpers import AdjudicationTestCase
from tests.adjudication.mortgage_cast import application_data, creditor_input, creditor_of, terms

preset_mortgage = importlib.import_module("landreg.adjudication.migrations.0035_preset_mortgage_steps")


class MortgagePresetTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def test_every_preset_asks_the_deed_and_the_authoritys_approval(self):
        for preset in PRESETS:
            with self.subTest(preset=preset["code"]):
                profile = ProcedureProfile.objects.get(code=preset["code"])
                assert profile.change_steps["mortgage"] == ["authority_approval"]
                assert profile.required_documents["mortgage"] == ["deed"]
                profile.full_clean()

    def test_the_migration_completes_the_presets_and_keeps_an_administrators_choice(self):
        before = ProcedureProfile.objects.get(code="mg-cf")
        before.change_steps.pop("mortgage")
        before.required_documents.pop("mortgage")
        before.save(update_fields=["change_steps", "required_documents"])
        chosen = ProcedureProfile.objects.get(code="ci-cf")
        chosen.change_steps["mortgage"] = []  # an administrator lets the desk record it directly
        chosen.save(update_fields=["change_steps"])
        preset_mortgage.load(apps, None)
        before.refresh_from_db()
        assert before.change_steps["mortgage"] == ["authority_approval"]
        assert before.required_documents["mortgage"] == ["deed"]
        assert before.change_steps["sale"] == ["public_notice", "authority_approval"]  # the rest untouched
        chosen.refresh_from_db()
        assert chosen.change_steps["mortgage"] == []

    def test_the_desk_lodges_an_application_with_the_deed_and_the_mayor_approves_it(self):
        with pytest.raises(ProcedureRequiredError, match="lodge a change application"):
            mortgage_register(
                parcel=self.parcel_a, creditor=creditor_of(self.village_a), actor=self.registrar, **terms()
            )
        claim = change_draft(
            actor=self.registrar,
            kind="mortgage",
            parcels=[self.parcel_a],
            new_holders=[creditor_input()],
            data=application_data(),
        )
        with pytest.raises(MissingDocumentsError, match="deed / contract"):
            transitions.claim_submit(claim=claim, actor=self.registrar)
        claim = self.walk_to(claim, ClaimState.AUTHORITY_APPROVAL)  # the deed attached, screened
        assert not Right.objects.filter(parcel=self.parcel_a, right_type="mortgage").exists()
        claim = self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        assert claim.right.right_type_id == "mortgage" and claim.right.sources.get().source_type == "deed"
