"""The API's refusals in its OpenAPI document: every operation documents the bodies ``api.errors`` gives.

One exception handler answers every refusal (``{"detail", "error"}``; a refused input names its fields), but
drf-spectacular documents only the answers a view declares, so the schema showed no 4xx at all and a client
generated from it could not type an error. This post-processing hook adds, where a view has not declared it:

- 400 (a write, or an operation with query parameters): ``Error`` or ``FieldErrors``;
- 401 (an operation that reads a token or session, and the token endpoints), 429 (the token endpoints),
  403 (one that needs an account), 404 (an address with an id in it), 409 (a write: the record's state
  forbids it): ``Error``.
"""

ERROR = {
    "type": "object",
    "required": ["detail", "error"],
    "properties": {
        "detail": {"type": "string", "description": "Why, in the caller's language (French by default)."},
        "error": {
            "type": "string",
            "description": "What kind of refusal: the registry's error (e.g. MissingDocumentsError, "
            "ConflictError) or DRF's code (not_found, permission_denied, not_authenticated, parse_error...).",
        },
        "code": {"type": "string", "description": "A refused token: simplejwt's code (token_not_valid)."},
        "messages": {
            "type": "array",
            "items": {"type": "object", "additionalProperties": {"type": "string"}},
            "description": "A refused token: why each kind of token was refused.",
        },
    },
}
FIELD_ERRORS = {
    "type": "object",
    "description": "A refused input: the messages of each field (nested as the input is), "
    "non_field_errors for the body as a whole.",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}
WRITES = {"post", "put", "patch", "delete"}


def _answer(description: str, *names: str) -> dict:
    refs = [{"$ref": f"#/components/schemas/{name}"} for name in names]
    schema = refs[0] if len(refs) == 1 else {"oneOf": refs}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error_responses(result, **_context):
    """drf-spectacular's POSTPROCESSING_HOOKS entry: the error answers of every operation of /api/."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in WRITES | {"get", "head"} or not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            security = operation.get("security", [])
            authenticated = any(security)  # [{}] alone: no credentials read (the public verification)
            anonymous = {} in security
            token = "/auth/token" in path  # simplejwt's: wrong credentials are a 401, too many tries a 429
            wanted = {}
            if method in WRITES or operation.get("parameters"):
                wanted["400"] = _answer("Refused input (or an unreadable body).", "Error", "FieldErrors")
            if authenticated or token:
                wanted["401"] = _answer("No valid token or session (a forged or expired token).", "Error")
            if authenticated and not anonymous:
                wanted["403"] = _answer("The account lacks the role or the village this needs.", "Error")
            if "{" in path:
                wanted["404"] = _answer("No such record, or not one the caller may see.", "Error")
            if method in WRITES:
                wanted["409"] = _answer("The record's state forbids it now (e.g. a frozen parcel).", "Error")
            if token:
                wanted["429"] = _answer("Too many attempts from this address; try again later.", "Error")
            for code, answer in wanted.items():
                responses.setdefault(code, answer)
    return result
