"""The OpenAPI document: valid JSON, every endpoint with its operation id, tag and schemas."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from collegium.journal.models import JournalEntry

EXPECTED = {
    ("post", "/api/organizations/{slug}/members/invite"): "invite_members",
    ("post", "/api/organizations/{slug}/admins"): "add_admin",
    ("delete", "/api/organizations/{slug}/admins/{username}"): "remove_admin",
    ("get", "/api/organizations"): "list_organizations",
    ("post", "/api/organizations"): "create_organization",
    ("get", "/api/organizations/{slug}"): "get_organization",
    ("get", "/api/organizations/{slug}/members"): "search_register",
    ("post", "/api/organizations/{slug}/members"): "add_member",
    ("get", "/api/organizations/{slug}/members/export"): "export_register",
    ("post", "/api/organizations/{slug}/members/{number}/correct"): "correct_member",
    ("post", "/api/organizations/{slug}/members/import"): "import_members",
    ("get", "/api/organizations/{slug}/members/{number}"): "get_member",
    ("post", "/api/organizations/{slug}/members/{number}/status"): "change_member_status",
    ("get", "/api/organizations/{slug}/bodies"): "list_bodies",
    ("post", "/api/organizations/{slug}/bodies"): "create_body",
    ("patch", "/api/organizations/{slug}/bodies/{body_slug}"): "update_body",
    ("post", "/api/organizations/{slug}/bodies/{body_slug}/dissolve"): "dissolve_body",
    ("post", "/api/organizations/{slug}/bodies/{body_slug}/secretaries"): "add_secretary",
    (
        "delete",
        "/api/organizations/{slug}/bodies/{body_slug}/secretaries/{username}",
    ): "remove_secretary",
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/composition.csv",
    ): "get_composition_csv",
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/composition.pdf",
    ): "get_composition_pdf",
    ("get", "/api/organizations/{slug}/bodies/{body_slug}"): "get_composition",
    ("get", "/api/organizations/{slug}/bodies/{body_slug}/standing-orders"): "get_standing_orders",
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/standing-orders/{version}",
    ): "get_standing_orders_version",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/standing-orders",
    ): "adopt_standing_orders",
    ("post", "/api/organizations/{slug}/bodies/{body_slug}/seats"): "seat_member",
    ("post", "/api/organizations/{slug}/bodies/{body_slug}/seats/{seat_id}/vacate"): "vacate_seat",
    ("post", "/api/organizations/{slug}/bodies/{body_slug}/seats/{seat_id}/weight"): "reweigh_seat",
    ("post", "/api/organizations/{slug}/bodies/{body_slug}/offices"): "create_office",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/offices/{office_slug}/appoint",
    ): "appoint_to_office",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/offices/{office_slug}/end-term",
    ): "end_office_term",
    ("get", "/api/organizations/{slug}/journal"): "list_journal",
    ("get", "/api/journal/verify"): "verify_journal",
    ("get", "/api/organizations/{slug}/journal/head"): "journal_head",
    ("get", "/api/organizations/{slug}/journal/export"): "export_journal",
    ("get", "/api/organizations/{slug}/journal/verify"): "verify_organization_journal",
    ("get", "/api/tokens"): "list_tokens",
    ("post", "/api/tokens"): "issue_token",
    ("post", "/api/tokens/{token_id}/revoke"): "revoke_token",
    # Sittings (meetings/api.py).
    ("get", "/api/organizations/{slug}/bodies/{body_slug}/sittings"): "list_sittings",
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/votes",
    ): "list_votes",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/votes",
    ): "open_vote",
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/votes/{vote_number}",
    ): "get_vote",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/votes/{vote_number}/ballot",
    ): "cast_ballot",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/votes/{vote_number}/close",
    ): "close_vote",
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/votes/{vote_number}/box",
    ): "get_ballot_box",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/votes/{vote_number}/receipt",
    ): "check_receipt",
    # Proxies (voting/proxy_api.py).
    ("get", "/api/organizations/{slug}/bodies/{body_slug}/proxies"): "list_proxies",
    ("post", "/api/organizations/{slug}/bodies/{body_slug}/proxies"): "give_proxy",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/proxies/{proxy_id}/revoke",
    ): "revoke_proxy",
    # Motions and amendments (motions/api.py, motions/amendment_api.py).
    ("get", "/api/organizations/{slug}/bodies/{body_slug}/motions"): "list_motions",
    ("post", "/api/organizations/{slug}/bodies/{body_slug}/motions"): "submit_motion",
    ("get", "/api/organizations/{slug}/bodies/{body_slug}/motions/book.pdf"): "get_motion_book_pdf",
    ("get", "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}"): "get_motion",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}/support",
    ): "support_motion",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}/table",
    ): "table_motion",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}/withdraw",
    ): "withdraw_motion",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}/refer",
    ): "refer_motion",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}/recommend",
    ): "recommend_motion",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}/vote",
    ): "put_motion_to_vote",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}/amendments",
    ): "propose_amendment",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}/changes",
    ): "recommend_change",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}/amendments/vote",
    ): "put_amendment_to_vote",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/motions/{motion_number}/amendments/{amendment_number}/withdraw",
    ): "withdraw_amendment",
    # Procedural motions at a sitting (motions/procedural_api.py).
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/procedural",
    ): "list_procedural_motions",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/procedural",
    ): "move_procedural",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/procedural/{procedural_number}/second",
    ): "second_procedural",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/procedural/{procedural_number}/withdraw",
    ): "withdraw_procedural",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/procedural/{procedural_number}/vote",
    ): "put_procedural_to_vote",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/procedural/{procedural_number}/rule",
    ): "rule_on_procedural",
    # The decision register (register/api.py).
    ("get", "/api/organizations/{slug}/bodies/{body_slug}/register"): "list_decisions",
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/register/{year}/{number}",
    ): "get_decision",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/register/{year}/{number}/dissents",
    ): "attach_dissent",
    # Elections and recalls (voting/election_api.py).
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/elections",
    ): "list_elections",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/elections",
    ): "call_election",
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/elections/{election_number}",
    ): "get_election",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/elections/{election_number}/candidates",
    ): "nominate_candidate",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/elections/{election_number}/candidates/{member}/consent",
    ): "answer_nomination",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/elections/{election_number}/ballot",
    ): "open_election_ballot",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/elections/{election_number}/declare",
    ): "declare_election",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/recalls",
    ): "open_recall",
    ("post", "/api/organizations/{slug}/bodies/{body_slug}/sittings"): "convene_sitting",
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}",
    ): "get_sitting",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/agenda/adopt",
    ): "adopt_agenda",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/cancel",
    ): "cancel_sitting",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/check-in",
    ): "check_in",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/check-in/self",
    ): "check_in_self",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/check-out",
    ): "check_out",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/check-out/self",
    ): "check_out_self",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/close",
    ): "close_sitting",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items",
    ): "add_item",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/clock/end",
    ): "end_speech",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/clock/pause",
    ): "pause_clock",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/clock/start",
    ): "start_clock",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/close",
    ): "close_item",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/counter-reports",
    ): "register_counter_report",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/floor",
    ): "ask_for_floor",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/floor/give",
    ): "give_floor",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/floor/withdraw",
    ): "withdraw_own",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/list/close",
    ): "close_list",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/open",
    ): "open_item",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/report",
    ): "register_report",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/requests/{request_id}/withdraw",
    ): "withdraw_request",
    (
        "get",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/speakers",
    ): "get_speakers",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/items/{item_number}/speakers/next",
    ): "call_next_speaker",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/open",
    ): "open_sitting",
    (
        "post",
        "/api/organizations/{slug}/bodies/{body_slug}/sittings/{sitting_number}/postpone",
    ): "postpone_sitting",
}


def _document() -> dict[str, Any]:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document: dict[str, Any] = json.loads(response.content)
    return document


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_every_endpoint_is_documented_with_its_operation_id(db) -> None:
    document = _document()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Collegium API"
    found = {
        (method, path): operation["operationId"]
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    assert found == EXPECTED


def test_every_operation_has_tags_summary_and_typed_answers(db) -> None:
    document = _document()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation["tags"], where
            assert operation["summary"], where
            success = next(code for code in operation["responses"] if code.startswith("2"))
            # JSON, but for the journal's export (JSON lines).
            (content,) = operation["responses"][success]["content"].values()
            assert content["schema"], where
            if method == "post":
                # Writes document their refusals: rule (400), permission (403), missing (404).
                assert {"400", "403", "404"} <= set(operation["responses"]), where


def test_every_schema_reference_resolves(db) -> None:
    document = _document()
    schemas = document["components"]["schemas"]
    refs = _refs(document["paths"])
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/")
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    assert set(document["components"]["securitySchemes"]) == {"BearerToken", "SessionAuth"}
    assert document["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"


def _concrete(path: str) -> str:
    """A path with its parameters filled in from the `org` fixture."""
    values = {
        "{slug}": "test-union",
        "{body_slug}": "cc",
        "{number}": "M-1",
        "{version}": "1",
        "{seat_id}": "1",
        "{office_slug}": "chair",
        "{token_id}": "1",
    }
    for name, value in values.items():
        path = path.replace(name, value)
    return path


WRITES = sorted((method, path) for method, path in EXPECTED if method != "get")


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_every_write_refuses_an_anonymous_caller(org, method, path) -> None:
    # As a script without credentials calls: no cookies, and CSRF checked as in production
    # (the test client skips the check unless told), so a CSRF failure cannot stand in.
    before = JournalEntry.objects.count()
    client = Client(enforce_csrf_checks=True)
    response = client.generic(method.upper(), _concrete(path), "{}", "application/json")
    assert response.status_code == 401
    assert response.json()["rule"] == "auth.required"
    assert JournalEntry.objects.count() == before


def test_every_operation_declares_the_errors_it_may_give_in_the_error_schema(db) -> None:
    document = _document()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            declared = set(operation["responses"])
            # NUL byte, token, validation and overload can meet any operation.
            assert {"400", "401", "422", "503"} <= declared, where
            if method != "get":
                assert {"403", "413"} <= declared, where
            if "{" in path:
                assert "404" in declared, where
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    # ErrorOut, or an endpoint's own schema for it beside ErrorOut.
                    refs = _refs(response["content"]["application/json"]["schema"])
                    assert "#/components/schemas/ErrorOut" in refs, (where, status)


def test_an_endpoints_own_error_schema_is_kept_beside_the_common_one(db) -> None:
    from collegium.api import api

    import_path = "/api/organizations/{slug}/members/import"
    answer = _document()["paths"][import_path]["post"]["responses"]["400"]
    assert _refs(answer) == [
        "#/components/schemas/ImportRefusedOut",
        "#/components/schemas/ErrorOut",
    ]
    # Ninja keys the answers by int: a code added as str would be a second, hidden entry.
    for operations in api.get_openapi_schema(path_prefix="/api/")["paths"].values():
        for operation in operations.values():
            codes = [str(code) for code in operation["responses"]]
            assert len(codes) == len(set(codes)), codes


def test_reads_declare_anonymous_access_and_writes_do_not(db) -> None:
    document = _document()
    for (method, path), operation_id in EXPECTED.items():
        security = document["paths"][path][method]["security"]
        assert {"BearerToken": []} in security, operation_id
        public = method == "get" and not path.startswith("/api/tokens")
        assert ({} in security) == public, operation_id


def _schemas(cls: type) -> list[type]:
    return [cls, *(found for sub in cls.__subclasses__() for found in _schemas(sub))]


def test_no_two_schemas_share_a_name(db) -> None:
    # The document names a component by its class's name: a second class of the same name
    # silently replaced the first's description (motions' MemberOut over the registry's).
    from ninja import Schema

    import collegium.api  # noqa: F401  (every router's schemas imported)

    names: dict[str, set[str]] = {}
    for schema in _schemas(Schema):
        names.setdefault(schema.__name__, set()).add(f"{schema.__module__}.{schema.__qualname__}")
    assert {name: where for name, where in names.items() if len(where) > 1} == {}


def test_every_operation_has_one_tag() -> None:
    """The docs page lists an operation under each of its tags: a router nested in another
    would give its operations both, and show them twice."""
    from collegium.api import api

    document = api.get_openapi_schema(path_prefix="/api/")
    tagged = {
        (method, path): operation.get("tags", [])
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    assert {key: tags for key, tags in tagged.items() if len(tags) != 1} == {}
