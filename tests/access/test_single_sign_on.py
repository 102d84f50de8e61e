"""Single sign-on by OpenID Connect against a local test provider (oidc_provider.py):
a verified email that the register knows signs the member in, tied to the provider's
subject from then on; anything else is refused with the rule named and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth.models import User
from django.test import Client

from collegium.access.models import SingleSignOnIdentity
from collegium.registry.models import Member
from tests.access.oidc_provider import RunningProvider, configured
from tests.journal.chains import ORG, assert_all_intact, entries_of

pytestmark = pytest.mark.django_db

EMAIL = "mia@example.org"


@pytest.fixture
def provider(settings, monkeypatch) -> Iterator[RunningProvider]:
    with configured(settings, monkeypatch) as running:
        yield running


@pytest.fixture
def unlinked(org) -> Member:
    """A member with an email and no login yet."""
    member = Member.objects.get(pk=org.member.pk)
    member.email, member.user = EMAIL, None
    member.save()
    return member


def _sign_on(client: Client, next_url: str = "") -> Any:
    """The browser's round trip: to the provider, which answers at once, and back."""
    start = client.get("/login/sso/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlparse(answer.headers["Location"])
    return client.get(back.path, parse_qs(back.query))


def _signed_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).username if user_id else None


def test_a_verified_email_of_the_register_signs_the_member_in(provider, unlinked) -> None:
    provider.provider.identity = {"sub": "abc-1", "email": EMAIL, "email_verified": True}
    client = Client()
    response = _sign_on(client, next_url=f"/o/{ORG}/")
    assert response.status_code == 302
    assert response["Location"] == f"/o/{ORG}/"
    assert _signed_in_as(client) == EMAIL
    member = Member.objects.get(pk=unlinked.pk)
    assert member.user is not None and member.user.username == EMAIL
    assert not member.user.has_usable_password()
    assert SingleSignOnIdentity.objects.get(subject="abc-1").user == member.user
    assert entries_of().filter(code="register.member.login_linked").exists()
    assert_all_intact()
    # The second time the subject alone decides, even after the email changed there.
    provider.provider.identity = {"sub": "abc-1", "email": "new@example.org"}
    again = Client()
    assert _sign_on(again).status_code == 302
    assert _signed_in_as(again) == EMAIL
    assert User.objects.filter(email__iexact=EMAIL).count() == 1


def test_an_existing_login_of_the_member_is_the_one_signed_in(provider, org, unlinked) -> None:
    unlinked.user = org.member_user
    unlinked.save()
    provider.provider.identity = {"sub": "abc-2", "email": EMAIL.upper(), "email_verified": True}
    client = Client()
    assert _sign_on(client).status_code == 302
    assert _signed_in_as(client) == org.member_user.username


@pytest.mark.parametrize(
    ("identity", "rule_text"),
    [
        ({"sub": "x", "email": EMAIL, "email_verified": False}, "did not confirm an email"),
        ({"sub": "x", "email": EMAIL}, "did not confirm an email"),
        ({"sub": "x", "email": "stranger@example.org", "email_verified": True}, "No active member"),
    ],
)
def test_an_email_the_register_cannot_vouch_for_is_refused(
    provider, unlinked, identity, rule_text
) -> None:
    provider.provider.identity = identity
    client = Client()
    response = _sign_on(client)
    assert response.status_code == 403
    assert rule_text in response.content.decode()
    assert _signed_in_as(client) is None
    assert not SingleSignOnIdentity.objects.exists()
    assert Member.objects.get(pk=unlinked.pk).user is None


def test_a_suspended_member_cannot_sign_on(provider, unlinked) -> None:
    Member.objects.filter(pk=unlinked.pk).update(status="suspended")
    provider.provider.identity = {"sub": "x", "email": EMAIL, "email_verified": True}
    response = _sign_on(Client())
    assert response.status_code == 403
    assert "No active member" in response.content.decode()


@pytest.mark.parametrize("misbehaviour", ["foreign key", "other audience"])
def test_an_id_token_that_does_not_check_out_is_refused(provider, unlinked, misbehaviour) -> None:
    from joserfc.jwk import RSAKey

    if misbehaviour == "foreign key":
        provider.provider.sign_with = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    else:
        provider.provider.audience = "another-client"
    provider.provider.identity = {"sub": "x", "email": EMAIL, "email_verified": True}
    client = Client()
    response = _sign_on(client)
    assert response.status_code == 403
    assert "could not be checked" in response.content.decode()
    assert _signed_in_as(client) is None
    assert not SingleSignOnIdentity.objects.exists()


def test_a_forged_or_replayed_callback_is_refused(provider, unlinked) -> None:
    provider.provider.identity = {"sub": "x", "email": EMAIL, "email_verified": True}
    client = Client()
    client.get("/login/sso/")
    forged = client.get("/login/sso/callback/", {"code": "made-up", "state": "made-up"})
    assert forged.status_code == 403
    assert _signed_in_as(client) is None


def test_an_unsafe_next_address_is_dropped(provider, unlinked) -> None:
    provider.provider.identity = {"sub": "x", "email": EMAIL, "email_verified": True}
    response = _sign_on(Client(), next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_the_sign_in_page_offers_the_provider_only_when_configured(provider, settings) -> None:
    page = Client().get("/login/?next=/o/x/").content.decode()
    assert "Sign in with Test Union ID" in page
    assert 'href="/login/sso/?next=/o/x/"' in page
    settings.COLLEGIUM_OIDC_ISSUER = ""
    assert "Sign in with" not in Client().get("/login/").content.decode()
    assert Client().get("/login/sso/").status_code == 404


def test_an_operators_login_never_signs_in_through_the_provider(provider, unlinked) -> None:
    operator = User.objects.create_superuser("root", email=EMAIL, password="a long password 1")
    Member.objects.filter(pk=unlinked.pk).update(user=operator)
    provider.provider.identity = {"sub": "x", "email": EMAIL, "email_verified": True}
    client = Client()
    response = _sign_on(client)
    assert response.status_code == 403
    assert "operator" in response.content.decode()
    assert _signed_in_as(client) is None
    assert not SingleSignOnIdentity.objects.exists()
