"""A French caller reads the API's refusals in French, those written by its libraries too: DRF's parsers and
serializers, simplejwt's token checks and drf-spectacular's schema texts (each one was English here)."""

import ast
import datetime as dt
import importlib.util
from pathlib import Path

import jwt
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real
from rest_framework_simplejwt.tokens import AccessToken

from tests.base import RegistryTestCase

CLAIMS = "/api/v1/claims/"
POINTS = "/api/v1/boundaries/from-points/"


class FrenchRefusalsTests(RegistryTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.agent_a)

    def post(self, url, body, content_type="application/json"):
        return self.client.post(url, body, content_type=content_type, HTTP_ACCEPT_LANGUAGE="fr")

    def test_a_body_that_is_json_null_is_refused_in_french(self):
        refused = self.post(CLAIMS, "null")
        assert refused.status_code == 400
        assert refused.json() == {"non_field_errors": ["Aucune donnée fournie."]}

    def test_a_body_that_is_not_json_says_where_in_french(self):
        refused = self.post(CLAIMS, '{"village": "TC-A",\n bad}')
        assert refused.status_code == 400
        assert refused.json() == {
            "detail": "Le corps n’est pas du JSON valide (ligne 2, colonne 2).",
            "error": "parse_error",
        }

    def test_nan_latin1_and_an_unknown_charset_are_refused_in_french(self):
        nan = self.post(POINTS, '{"points": [[NaN, 1], [1, 1], [1, 2]]}')
        assert nan.status_code == 400
        assert nan.json()["detail"] == "Le corps n’est pas du JSON valide\u202f: NaN n’est pas un nombre."
        latin = self.post(POINTS, '{"text": "é"}'.encode("latin-1"))
        assert latin.status_code == 400 and latin.json()["detail"] == "Le corps n’est pas du texte en utf-8."
        codec = self.client.generic("POST", POINTS, b"{}", content_type="application/json; charset=bz2_codec")
        assert codec.status_code == 400 and "UTF-8" in codec.json()["detail"]

    def test_a_whole_number_too_large_for_a_float_is_refused_in_french(self):
        huge = "1" + "0" * 400
        refused = self.post(POINTS, f'{{"points": [[{huge}, 12], [1, 12], [1, 13]]}}')
        assert refused.status_code == 400
        assert refused.json()["points"]["0"]["0"] == [
            "Nombre entier trop grand pour être converti en nombre à virgule."
        ]

    def test_a_multipart_body_that_cannot_be_read_is_refused_in_french(self):
        refused = self.client.post(
            "/api/v1/boundaries/from-file/",
            b"--x\r\nnot a part",
            content_type="multipart/form-data; boundary=",
        )
        assert refused.status_code == 400
        assert refused.json()["detail"] == "Le corps n’est pas un formulaire multipart lisible."

    def test_a_forged_or_expired_token_is_refused_in_french_in_the_apis_error_shape(self):
        self.client.logout()
        token = str(AccessToken.for_user(self.agent_a))
        forged = self.client.get(CLAIMS, HTTP_AUTHORIZATION=f"Bearer {token[:-2]}xx")
        assert forged.status_code == 401
        body = forged.json()
        assert body["error"] == "token_not_valid"
        assert body["messages"][0]["message"] == "Le jeton n’est pas valide"
        claims = jwt.decode(token, options={"verify_signature": False})
        claims["exp"] = int((dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).timestamp())
        expired = jwt.encode(claims, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")
        refused = self.client.get(CLAIMS, HTTP_AUTHORIZATION=f"Bearer {expired}")
        assert refused.status_code == 401 and refused.json()["error"] == "token_not_valid"
        assert refused.json()["messages"][0]["message"] == "Le jeton a expiré"


def _marked_messages(package: str) -> set[str]:
    """The texts a package marks for translation: _("..."), gettext("...") and gettext_lazy("...")."""
    root = Path(importlib.util.find_spec(package).origin).parent
    found = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "gettext", "gettext_lazy")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("package", ["rest_framework", "rest_framework_simplejwt", "drf_spectacular"])
def test_every_message_the_apis_libraries_mark_has_french(package):
    """After an upgrade, a message new in the library and missing from its French catalogue shows here: add
    it to landreg/api/library_messages.py, then `make messages` and its French."""
    catalogue = trans_real.translation("fr")._catalog
    # drf-spectacular's view docstring is marked, but only the schema's own page shows it.
    missing = sorted(
        text
        for text in _marked_messages(package)
        if not catalogue.get(text) and not text.lstrip().startswith("OpenApi3 schema")
    )
    assert not missing, missing


def test_the_schema_names_an_empty_answer_in_french():
    with translation.override("fr"):
        assert str(translation.gettext("No response body")) == "Pas de corps de réponse"
