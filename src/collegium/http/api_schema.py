"""The error answers the OpenAPI document declares on every operation.

Some refusals come from no endpoint's own code and could meet any operation: a NUL
character (400, http.bad_input), an unusable token (401), input that does not fit the
operation's schema (422, http.api_errors), a body above the limit (413, http.body_limit),
an overloaded database (503, http.overload). Declared one by one in each endpoint's
`response=` map, some would always be missing; `declare_errors` adds them to the finished
document instead, each with `ErrorOut` as its schema, where they can happen. An answer an
endpoint declares with a schema of its own keeps it, as one of two: that or `ErrorOut`.
"""

from __future__ import annotations

from typing import Any

from collegium.http.api_errors import ErrorOut

ERROR_REF = "#/components/schemas/ErrorOut"

# Every operation: the middleware, the authentication and the validation run for all.
ANY_OPERATION = {
    400: "Refused input: a NUL character in the address, query or body "
    "(rule `input.nul-byte`), a body that cannot be read (`api.unreadable-body`), or a "
    "refusal by a rule, named in `rule`.",
    401: "An API token that is unknown, revoked or expired (`token.unknown`, "
    "`token.expired`); for changes, also no credentials at all (`auth.required`).",
    422: "Parameters or body that do not fit this operation (`api.invalid-input`); "
    '`problems` lists each as "field: message".',
    503: "The service is busy: try again after `Retry-After` seconds (`service.busy`).",
}
# Changes: permission, a read-only token or a missing CSRF token; and a body.
CHANGES = {
    403: "Not permitted (`permissions` and its kinds), a read-only token (`token.scope`), "
    "or the session cookie without its CSRF token (`api.csrf`).",
    413: "The body is larger than the limit (`request.too-large`); it was not read.",
}
# Operations whose address names something that may not exist.
NAMED_IN_PATH = {404: "Something named in the address does not exist (`api.not-found`)."}

SAFE_METHODS = frozenset({"get", "head", "options"})


def errors_of(path: str, method: str) -> dict[int, str]:
    """The error answers an operation may give whatever its endpoint does."""
    errors = dict(ANY_OPERATION)
    if method not in SAFE_METHODS:
        errors.update(CHANGES)
    if "{" in path:
        errors.update(NAMED_IN_PATH)
    return errors


def _by_code(responses: dict[int | str, Any]) -> dict[str, Any]:
    """The answers keyed by str. Ninja keys its own by int, and an endpoint's
    `openapi_extra` by str: the same code twice, which JSON cannot hold. The hand-written
    (str) one wins."""
    merged: dict[str, Any] = {}
    for status, response in responses.items():
        if isinstance(status, str) or str(status) not in merged:
            merged[str(status)] = response
    return merged


def _error_content() -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": ERROR_REF}}}


def _admit_error_out(response: dict[str, Any]) -> None:
    """An answer an endpoint declares with a schema of its own (the import's 400 lists the
    file's lines) may still come as a plain ErrorOut (a NUL in the address, say)."""
    content = response.setdefault("content", {}).setdefault("application/json", {})
    schema = content.get("schema")
    if schema is None:
        content["schema"] = {"$ref": ERROR_REF}
    elif schema != {"$ref": ERROR_REF} and {"$ref": ERROR_REF} not in schema.get("anyOf", ()):
        content["schema"] = {"anyOf": [schema, {"$ref": ERROR_REF}]}


def declare_errors(document: dict[str, Any]) -> dict[str, Any]:
    """Adds to every operation of `document` the error answers it lacks (see the module)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            responses = _by_code(operation.get("responses", {}))
            operation["responses"] = responses
            for status, description in sorted(errors_of(path, method).items()):
                if str(status) in responses:
                    _admit_error_out(responses[str(status)])
                else:
                    responses[str(status)] = {
                        "description": description,
                        "content": _error_content(),
                    }
    return document
