"""/api/v1/certificates/ says each certificate's stage (to print, to sign, to deliver, delivered, or none when
revoked or superseded) as its page does, documented in the OpenAPI schema; the API said only its status, and
an integrator could not tell a paper handed over from one still at the desk."""

import jsonschema

from landreg.certificates.issuing.services import certificate_deliver, certificate_print
from landreg.certificates.issuing.transitions import certificate_revoke
from tests.certificates.base import CertificateTestCase, print_then_sign

API = "/api/v1/certificates/"


class StageApiTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.schema = self.client.get("/api/schema/", {"format": "json"}, HTTP_HOST="127.0.0.1").json()
        self.client.force_login(self.registrar)

    def documented_stage(self) -> dict:
        return self.schema["components"]["schemas"]["CertificateOutput"]["properties"]["stage"]

    def checked(self, answer: dict) -> dict:
        """The answer, its stage checked against the schema's values for it."""
        values = {"oneOf": self.documented_stage()["oneOf"], "components": self.schema["components"]}
        jsonschema.validate(answer["stage"], values)
        return answer

    def stages(self) -> dict[str, str | None]:
        answer = self.client.get(API, HTTP_HOST="127.0.0.1").json()
        return {row["number"]: self.checked(row)["stage"] for row in answer["results"]}

    def detail(self, certificate) -> dict:
        return self.checked(self.client.get(f"{API}{certificate.pk}/", HTTP_HOST="127.0.0.1").json())

    def test_the_schema_documents_the_stage_and_its_values(self):
        stage = self.documented_stage()
        assert stage["readOnly"] and stage["nullable"] and "handed over" in stage["description"]
        assert [ref["$ref"] for ref in stage["oneOf"]] == [
            "#/components/schemas/CertificateStageEnum",
            "#/components/schemas/NullEnum",
        ]
        values = self.schema["components"]["schemas"]["CertificateStageEnum"]["enum"]
        assert values == ["to_print", "to_sign", "to_deliver", "delivered"]

    def test_the_list_and_the_certificate_say_its_stage_along_its_path(self):
        certificate = self.issue()
        revoked = self.issue(right=self.right_d)
        assert self.stages() == {certificate.number: "to_print", revoked.number: "to_print"}
        print_then_sign(revoked, printer=self.registrar, signer=self.mayor)
        certificate_revoke(certificate=revoked, actor=self.mayor, reason="Erreur sur le mandataire")
        certificate_print(certificate=certificate, actor=self.registrar)
        assert self.detail(certificate)["stage"] == "to_sign"
        self.client.force_login(self.mayor)
        signed = self.client.post(f"{API}{certificate.pk}/sign/", HTTP_HOST="127.0.0.1")
        assert signed.status_code == 200 and self.checked(signed.json())["stage"] == "to_deliver"
        self.client.force_login(self.registrar)
        certificate_deliver(
            certificate=certificate,
            actor=self.registrar,
            party=self.wife,
            acknowledgement="fingerprint",
            id_document_type="national_id",
            id_document_number="B98765432",
        )
        assert self.stages() == {certificate.number: "delivered", revoked.number: None}
        # A duplicate printed for the husband: a paper of its own, not handed over yet.
        certificate_print(certificate=certificate, actor=self.registrar)
        assert self.detail(certificate)["stage"] == "to_deliver"
        assert self.detail(revoked)["stage"] is None
