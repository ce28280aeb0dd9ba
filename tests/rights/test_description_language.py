"""A transfer's right description is the registry's message, kept in English and said in the reader's
language: it was the kind's word in the clerk's language and the reason (« vente: Acte… », with no narrow
space before the colon), so an English reader read French. Rows written so before stay as written (the audit
chain holds their hash) and are recognised when shown."""

from django.test import Client
from django.utils import translation

from landreg.accounts.models import User
from landreg.adjudication.changes.transfers import right_transfer
from landreg.core import clock
from landreg.documents.services import source_attach
from landreg.rights.descriptions import description_said
from landreg.rights.models import Right
from landreg.rights.services import HolderShare
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person

NNBSP = "\u202f"


class TransferDescriptionTests(AdjudicationTestCase):
    direct_changes = True

    def sell(self) -> Right:
        documents = [
            source_attach(
                source_type=t, document_date=clock.today(), village=self.village_a, reference=f"{t}-1"
            )
            for t in self.profile.required_documents.get("sale", [])
        ]
        buyer = make_person(self.village_a, "Kaboré", "Ɛmile", "M")
        with translation.override("fr"):  # recorded at a French desk
            transfer = right_transfer(
                right=self.right_a,
                kind="sale",
                new_holders=[HolderShare(buyer)],
                actor=self.registrar,
                reason="Acte de vente n°12 du 5 février 2030",
                documents=documents,
            )
        return transfer.new_right

    def test_the_registry_keeps_its_message_and_each_reader_reads_it_in_their_language(self):
        right = self.sell()
        assert right.description == "Transfer by sale: Acte de vente n°12 du 5 février 2030"
        with translation.override("fr"):
            assert description_said(right.description) == (
                f"Mutation par vente{NNBSP}: Acte de vente n°12 du 5 février 2030"
            )
        with translation.override("en"):
            assert description_said(right.description) == right.description

    def test_a_description_written_before_in_either_language_is_recognised(self):
        with translation.override("en"):
            assert description_said("vente: Acte n°3") == "Transfer by sale: Acte n°3"
            assert description_said("succession: Décès de Ɓila") == "Transfer by inheritance: Décès de Ɓila"
            assert description_said("Limite: le puits") == "Limite: le puits"  # typed: as typed
            assert description_said("") == ""
        with translation.override("fr"):
            assert description_said("donation: Acte n°4") == f"Mutation par donation{NNBSP}: Acte n°4"
            assert description_said("inheritance: Décès") == f"Mutation par succession{NNBSP}: Décès"

    def test_the_administrations_list_of_rights_says_it_in_the_readers_language(self):
        self.sell()
        browser = Client()
        browser.force_login(User.objects.create_superuser("root", password="x"))
        french = browser.get("/admin/rights/right/").content.decode()
        assert f"Mutation par vente{NNBSP}: Acte de vente n°12" in french
        browser.cookies["django_language"] = "en"
        english = browser.get("/admin/rights/right/").content.decode()
        assert "Transfer by sale: Acte de vente n°12" in english and "Mutation" not in english
