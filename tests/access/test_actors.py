"""The actor is an explicit value, a user or the system, with the channel it came through;
the journal records both. A permission is asked in a Context (the organization, and the
body for what is decided per body)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse
from typer.testing import CliRunner

from collegium.access.actions import create_account, issue_token, revoke_token
from collegium.access.permissions import (
    Context,
    NotPermitted,
    Permission,
    has_permission,
    require,
)
from collegium.bodies.actions import create_body, seat_member
from collegium.bodies.models import Body, BodyKind, Seat, SeatOrigin, SeatRole
from collegium.cli import _register, app
from collegium.demo import load as demo
from collegium.http.actors import page_actor
from collegium.http.api_auth import api_actor
from collegium.journal.actions import timestamp_text
from collegium.journal.actors import OPERATOR_CLI, SYSTEM, Actor, Channel
from collegium.journal.chain import entry_hash
from collegium.journal.models import JournalEntry
from collegium.registry.actions import create_organization
from collegium.registry.models import MemberStatus
from tests.conftest import PASSWORD, Org
from tests.journal.chains import INSTALLATION, latest_of

REGISTERS = Path(__file__).resolve().parent.parent / "data" / "registers"
API = "/api/organizations/test-union"
BODY_SCOPED = [
    Permission.MANAGE_SEATS,
    Permission.MANAGE_OFFICES,
    Permission.CHANGE_STANDING_ORDERS,
]


@pytest.fixture
def praesidium(org: Org) -> Body:
    """A second body of the organization, of which the secretary is not secretary."""
    return create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Praesidium",
        slug="praesidium",
        kind=BodyKind.EXECUTIVE,
        full_seats=11,
    )


# --- the value -----------------------------------------------------------------------------


@pytest.mark.parametrize("channel", [Channel.PAGE, Channel.API])
def test_no_page_and_no_api_call_acts_without_a_user(channel: Channel) -> None:
    with pytest.raises(ValueError, match="only the system"):
        Actor(None, channel)


def test_the_system_and_the_operators_command_act_without_a_user() -> None:
    assert (SYSTEM.user, SYSTEM.channel, SYSTEM.is_system) == (None, Channel.SYSTEM, True)
    assert (OPERATOR_CLI.user, OPERATOR_CLI.channel) == (None, Channel.CLI)
    assert OPERATOR_CLI.is_system
    assert SYSTEM.label == OPERATOR_CLI.label == "system"
    assert str(OPERATOR_CLI) == "system (cli)"


def test_a_users_actor_is_named_by_login_and_channel(org: Org) -> None:
    page, api = Actor.page(org.admin), Actor.api(org.admin)
    assert (page.label, page.channel, page.is_system) == ("ada", Channel.PAGE, False)
    assert (api.label, api.channel) == ("ada", Channel.API)
    assert str(page) == "ada (page)"
    # The operator's command may act as a user (`--as`): that user, through the CLI.
    assert Actor(org.admin, Channel.CLI).label == "ada"


def test_a_page_acts_for_its_signed_in_user_and_refuses_a_visitor(org: Org) -> None:
    request = RequestFactory().post("/")
    request.user = org.admin
    assert page_actor(request) == Actor(org.admin, Channel.PAGE)
    request.user = AnonymousUser()
    with pytest.raises(NotPermitted, match="sign in"):
        page_actor(request)


def test_an_api_call_acts_for_its_caller(org: Org) -> None:
    request: Any = RequestFactory().post("/api/")
    request.auth = org.secretary
    assert api_actor(request) == Actor(org.secretary, Channel.API)
    request.auth = AnonymousUser()
    with pytest.raises(NotPermitted):
        api_actor(request)


def test_only_the_system_or_an_operator_creates_accounts_and_organizations(org: Org) -> None:
    with pytest.raises(NotPermitted, match="only an operator"):
        create_account(actor=Actor.page(org.admin), username="eve", password=PASSWORD)
    with pytest.raises(NotPermitted, match="only an operator"):
        create_organization(actor=Actor.api(org.admin), name="Other", slug="other")
    operator = create_account(actor=OPERATOR_CLI, username="root", password=PASSWORD, operator=True)
    assert create_account(actor=Actor.page(operator), username="eve", password=PASSWORD).pk
    assert create_organization(actor=Actor.api(operator), name="Other", slug="other").pk


def test_only_a_user_themselves_or_an_operator_manages_their_tokens(org: Org) -> None:
    with pytest.raises(NotPermitted, match="only a user themselves"):
        issue_token(actor=Actor.api(org.secretary), user=org.admin, name="theirs")
    token, _secret = issue_token(actor=Actor.api(org.admin), user=org.admin, name="own")
    with pytest.raises(NotPermitted, match="only a user themselves"):
        revoke_token(actor=Actor.page(org.secretary), token=token)
    operator = create_account(actor=SYSTEM, username="root", password=PASSWORD, operator=True)
    assert revoke_token(actor=Actor.page(operator), token=token).revoked_at is not None
    assert issue_token(actor=OPERATOR_CLI, user=org.admin, name="by the operator")[0].pk


# --- the journal records the actor and the channel -----------------------------------------


def _status_entry() -> JournalEntry:
    entry = latest_of()
    assert entry.code == "register.member.status_changed"
    return entry


def test_a_page_form_journals_channel_page(org: Org) -> None:
    client = Client()
    client.force_login(org.admin)
    url = reverse("member", args=["test-union", "M-1"])
    version = client.get(url).context["form"].initial["version"]
    response = client.post(
        url, {"status": "suspended", "reason": "dues unpaid", "version": version}
    )
    assert response.status_code == 303
    entry = _status_entry()
    assert (entry.actor, entry.channel, entry.actor_user) == ("ada", "page", org.admin)


@pytest.mark.parametrize("by", ["token", "session"])
def test_the_api_journals_channel_api_with_a_token_or_the_session(org: Org, by: str) -> None:
    client = Client()
    headers = {}
    if by == "token":
        _token, secret = issue_token(actor=SYSTEM, user=org.admin, name="script")
        headers = {"Authorization": f"Bearer {secret}"}
    else:
        client.force_login(org.admin)
    response = client.post(
        API + "/members/M-1/status",
        {"status": "suspended", "reason": "dues unpaid"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    entry = _status_entry()
    assert (entry.actor, entry.channel) == ("ada", "api")


@pytest.mark.parametrize(("as_user", "actor"), [((), "system"), (("--as", "ada"), "ada")])
def test_the_command_journals_channel_cli(org: Org, as_user: tuple[str, ...], actor: str) -> None:
    _register()
    result = CliRunner().invoke(
        app,
        ["import-members", str(REGISTERS / "good.csv"), "--organization", "test-union", *as_user],
    )
    assert result.exit_code == 0, result.output
    entry = JournalEntry.objects.filter(code="register.import").get()
    assert (entry.actor, entry.channel) == (actor, "cli")


def test_the_demo_loader_journals_channel_system(db: None, monkeypatch) -> None:
    # Only the demo's accounts: the organizations take long and act the same way.
    monkeypatch.setattr(demo, "VARIANTS", [])
    demo.load_demo()
    entry = latest_of(INSTALLATION)
    assert entry.code == "access.account.created"
    assert (entry.actor, entry.channel, entry.actor_user) == ("system", "system", None)


def test_the_channel_is_inside_the_hash(org: Org) -> None:
    entry = latest_of()
    fields = {
        "chain": entry.chain.key,
        "sequence": entry.sequence,
        "recorded_at": timestamp_text(entry.recorded_at),
        "actor": entry.actor,
        "code": entry.code,
        "audience": entry.audience,
        "body_id": entry.body_id,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "payload": entry.payload,
        "previous_hash": entry.previous_hash,
    }
    assert entry_hash(**fields, channel=entry.channel) == entry.hash
    assert entry_hash(**fields, channel="page") != entry.hash


# --- permissions in a context --------------------------------------------------------------


@pytest.mark.parametrize("permission", BODY_SCOPED)
def test_a_secretary_is_staff_only_of_their_own_body(
    org: Org, praesidium: Body, permission: Permission
) -> None:
    assert has_permission(org.secretary, permission, Context.of_body(org.committee))
    assert not has_permission(org.secretary, permission, Context.of_body(praesidium))
    # The same for the secretary's actor, whichever channel they act through.
    assert has_permission(Actor.api(org.secretary), permission, Context.of_body(org.committee))
    assert not has_permission(Actor.page(org.secretary), permission, Context.of_body(praesidium))
    # An admin holds it in every body, and the system anywhere.
    assert has_permission(Actor.page(org.admin), permission, Context.of_body(praesidium))
    assert has_permission(SYSTEM, permission, Context.of_body(praesidium))


@pytest.mark.parametrize("permission", BODY_SCOPED)
def test_a_body_scoped_permission_asked_without_a_body_is_a_mistake(
    org: Org, permission: Permission
) -> None:
    with pytest.raises(ValueError, match="decided per body"):
        has_permission(org.secretary, permission, Context(org.organization))
    with pytest.raises(ValueError, match="decided per body"):
        require(Actor.page(org.admin), permission, Context(org.organization))


def test_an_organization_wide_permission_needs_no_body(org: Org, praesidium: Body) -> None:
    assert has_permission(org.admin, Permission.MANAGE_BODIES, Context(org.organization))
    assert not has_permission(org.secretary, Permission.MANAGE_BODIES, Context(org.organization))
    # The register is the whole organization's for any secretary (docs/permissions.md).
    assert has_permission(org.secretary, Permission.VIEW_REGISTER, Context.of_body(praesidium))


def test_a_refusal_carries_the_permission_and_the_organization(org: Org, praesidium: Body) -> None:
    with pytest.raises(NotPermitted) as refused:
        require(Actor.page(org.secretary), Permission.MANAGE_SEATS, Context.of_body(praesidium))
    assert refused.value.permission == Permission.MANAGE_SEATS
    assert refused.value.organization == org.organization
    assert refused.value.rule == "permissions"
    assert "seating members and vacating seats" in str(refused.value)


def test_an_action_refuses_a_secretary_in_another_body(org: Org, praesidium: Body) -> None:
    before = JournalEntry.objects.count()
    with pytest.raises(NotPermitted) as refused:
        seat_member(
            actor=Actor.page(org.secretary),
            body=praesidium,
            member=org.member,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
        )
    assert (refused.value.permission, refused.value.organization) == (
        Permission.MANAGE_SEATS,
        org.organization,
    )
    assert not Seat.objects.exists()
    assert JournalEntry.objects.count() == before


@pytest.mark.parametrize(
    ("who", "path", "payload", "name"),
    [
        (
            "secretary",
            "/bodies/praesidium/seats",
            {"member_number": "M-1", "role": "full", "origin": "elected"},
            "seating members and vacating seats",
        ),
        (
            "secretary",
            "/members/M-1/status",
            {"status": "suspended", "reason": "dues unpaid"},
            "changing a member's status",
        ),
        (
            "member_user",
            "/bodies/cc/offices",
            {"title": "Chair", "slug": "chair"},
            "filling and ending offices",
        ),
    ],
)
def test_the_api_answers_a_refusal_with_403_and_the_permissions_human_name(
    org: Org, praesidium: Body, who: str, path: str, payload: dict[str, str], name: str
) -> None:
    client = Client()
    client.force_login(getattr(org, who))
    before = JournalEntry.objects.count()
    response = client.post(API + path, payload, content_type="application/json")
    assert response.status_code == 403, response.content
    answer = response.json()
    assert answer["rule"] == "permissions"
    assert name in answer["detail"]
    assert JournalEntry.objects.count() == before
    org.member.refresh_from_db()
    assert org.member.status == MemberStatus.ACTIVE
