"""Schema-driven fuzzing of the whole API (schemathesis), in-process against the ASGI
application as `collegium serve` runs it (the body limit included), by three callers: a
signed-out one, a member with a token and an organization's admin with a token.

For every operation, positive cases (valid by the schema; path parameters often the names
of things that exist, so the endpoints get past their lookups) and negative cases
(invalid by the schema) are sent, and every answer must be no 5xx, with a status code the
operation declares, the content type it declares and a body matching its schema; invalid
input must not be accepted. The budget is bounded (`EXAMPLES` per operation and mode) and
the run is derandomized, so it is the same run every time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from collegium.access.actions import issue_token
from collegium.access.models import ApiToken
from collegium.journal.actors import SYSTEM

# Examples per operation and generation mode, for each caller: about a minute in all on
# SQLite (every operation x 2 modes x 3 callers).
EXAMPLES = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@dataclass
class Callers:
    headers: dict[str, dict[str, str]]
    token_ids: list[int]
    known: dict[str, list[str]]


@pytest.fixture
def callers(org, transactional_db) -> Callers:
    """The org fixture, with more members, seats, an office and standing orders; a token
    for the member and one for the admin."""
    from collegium.bodies.actions import (
        adopt_standing_orders,
        appoint_to_office,
        create_office,
        seat_member,
    )
    from collegium.bodies.models import SeatOrigin, SeatRole
    from collegium.registry.actions import register_member
    from collegium.rules.standing_orders.presets import PRESETS

    members = [org.member] + [
        register_member(
            actor=SYSTEM,
            organization=org.organization,
            number=f"M-{n}",
            name=f"Member {n}",
            unit="South",
        )
        for n in range(2, 6)
    ]
    start = datetime.date(2024, 1, 1)
    seats = [
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
            member=member,
            term_start=start,
        )
        for member in members[:2]
    ]
    seats.append(
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            role=SeatRole.ALTERNATE,
            origin=SeatOrigin.ELECTED,
            member=members[2],
            term_start=start,
        )
    )
    office = create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")
    appoint_to_office(actor=SYSTEM, office=office, member=members[0], start=start)
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="Rules", document=PRESETS["1956-practice"]
    )
    member_token, member_secret = issue_token(actor=SYSTEM, user=org.member_user, name="fuzz")
    admin_token, admin_secret = issue_token(actor=SYSTEM, user=org.admin, name="fuzz")
    return Callers(
        headers={
            "signed-out": {},
            "member": {"Authorization": f"Bearer {member_secret}"},
            "admin": {"Authorization": f"Bearer {admin_secret}"},
        },
        token_ids=[member_token.pk, admin_token.pk],
        known={
            "slug": [org.organization.slug],
            "body_slug": [org.committee.slug],
            "number": [m.number for m in members],
            "version": ["1"],
            "seat_id": [str(seat.pk) for seat in seats],
            "office_slug": [office.slug],
            "token_id": [str(member_token.pk), str(admin_token.pk)],
        },
    )


def _strategy(operation: Any, mode: GenerationMode, known: dict[str, list[str]]) -> Any:
    """The operation's cases; positive ones mostly with path parameters that name what
    exists (else nearly every case would end at the first lookup's 404). Negative ones are
    left as generated: a name put in their place could make them valid."""
    cases = operation.as_strategy(generation_mode=mode)
    if mode is GenerationMode.NEGATIVE:
        return cases

    def with_known_names(case: Any) -> Any:
        generated = case.path_parameters or {}
        names = st.fixed_dictionaries(
            {
                name: (st.sampled_from(known[name]) | st.just(value))
                if name in known
                else st.just(value)
                for name, value in generated.items()
            }
        )
        return names.map(lambda chosen: _with_path(case, chosen))

    return cases.flatmap(with_known_names)


def _with_path(case: Any, names: dict[str, Any]) -> Any:
    if names:
        case.path_parameters = names
    return case


def _operations() -> Iterator[Any]:
    from collegium.asgi import application

    schema = schemathesis.openapi.from_asgi("/api/openapi.json", application)
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()  # the document is fuzzed whole
        yield result.ok()


def _documented_operations() -> list[tuple[str, str]]:
    from collegium.api import api

    document = api.get_openapi_schema(path_prefix="/api/")
    return [(method, path) for path, ops in document["paths"].items() for method in ops]


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)


def _fuzz(operation: Any, mode: GenerationMode, callers: Callers, who: str) -> None:
    headers = callers.headers[who]

    @FUZZ_SETTINGS
    @given(case=_strategy(operation, mode, callers.known))
    def fuzz(case: Any) -> None:
        # The admin may revoke a token it finds by number: give every caller theirs back.
        ApiToken.objects.filter(pk__in=callers.token_ids).update(revoked_at=None)
        # A caller is its credentials: none generated from the security schemes.
        (case.headers or {}).pop("Authorization", None)
        (case.cookies or {}).pop(django_settings.SESSION_COOKIE_NAME, None)
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    fuzz()


@pytest.mark.parametrize("who", ["signed-out", "member", "admin"])
def test_the_api_holds_to_its_schema_under_fuzzing(callers: Callers, who: str) -> None:
    failures: list[str] = []
    operations = list(_operations())
    assert len(operations) == len(_documented_operations())  # the whole API
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, callers, who)
            except Unsatisfiable:
                # Negative mode, and nothing in the operation can be invalid (no parameters,
                # or only strings that take any value).
                assert mode is GenerationMode.NEGATIVE, operation.label
            except Exception as failure:  # every operation is fuzzed; all failures reported
                failures.append(f"{who} {operation.label} ({mode.value}):\n{failure}")
    assert not failures, "\n\n".join(failures)
