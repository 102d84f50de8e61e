"""Members' logins: an administrator invites members by email; the one-time link sets a
password and signs the member in; a forgotten password gets the same kind of link. The
emails are caught by Django's in-memory backend (the tests' default)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from collegium.journal.actors import SYSTEM
from collegium.registry.actions import register_member
from collegium.registry.models import Member
from tests.journal.chains import ORG, assert_all_intact, entries_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long and unusual passphrase"
INVITE = f"/o/{ORG}/members/invite/"


def _admin(org) -> Client:
    client = Client()
    client.force_login(org.admin)
    return client


def _with_email(org, number: str, name: str, email: str) -> Member:
    return register_member(
        actor=SYSTEM, organization=org.organization, number=number, name=name, email=email
    )


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"http://testserver(/welcome/[^/\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def test_an_invited_member_follows_the_link_sets_a_password_and_is_signed_in(org) -> None:
    _with_email(org, "M-7", "Vera Figner", "vera@example.org")
    response = _admin(org).post(INVITE, {"numbers": "M-7"})
    assert response.status_code == 302
    assert response["Location"] == INVITE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vera@example.org"]
    assert "Test Union" in message.subject
    assert "vera@example.org" in message.body  # the login's name
    member = Member.objects.get(number="M-7")
    assert member.user is not None and not member.user.has_usable_password()
    assert entries_of().filter(code="register.member.invited").count() == 1

    visitor = Client()
    link = _link(message)
    page = visitor.get(link)
    assert page.status_code == 200
    assert "Choose your password" in page.content.decode()
    done = visitor.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert visitor.session.get("_auth_user_id") == str(member.user.pk)
    # The link works once.
    assert visitor.get(link).status_code == 404
    again = Client().post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert again.status_code == 404
    assert Client().login(username="vera@example.org", password=NEW_PASSWORD)
    assert_all_intact()


def test_a_weak_password_is_refused_beside_the_field_and_the_link_still_works(org) -> None:
    _with_email(org, "M-7", "Vera Figner", "vera@example.org")
    _admin(org).post(INVITE, {"numbers": "M-7"})
    link = _link(mail.outbox[0])
    refused = Client().post(link, {"new_password1": "12345678", "new_password2": "12345678"})
    assert refused.status_code == 400
    assert "entirely numeric" in refused.content.decode()
    assert Client().get(link).status_code == 200


def test_everyone_with_an_email_and_no_login_is_invited_and_the_rest_are_named(org) -> None:
    _with_email(org, "M-7", "Vera Figner", "vera@example.org")
    _with_email(org, "M-8", "Sofia Perovskaya", "sofia@example.org")
    register_member(actor=SYSTEM, organization=org.organization, number="M-9", name="No Mail")
    response = _admin(org).post(INVITE, {"everyone": "on"}, follow=True)
    assert sorted(m.to[0] for m in mail.outbox) == ["sofia@example.org", "vera@example.org"]
    assert "2 invitations sent" in response.content.decode()
    # A second round has nobody left to invite: they all have logins now.
    mail.outbox.clear()
    _admin(org).post(INVITE, {"everyone": "on"})
    assert mail.outbox == []


def test_members_who_cannot_be_invited_are_named_with_the_reason(org) -> None:
    register_member(actor=SYSTEM, organization=org.organization, number="M-9", name="No Mail")
    response = _admin(org).post(INVITE, {"numbers": "M-9"}, follow=True)
    assert mail.outbox == []
    assert "no email address in the register" in response.content.decode()
    unknown = _admin(org).post(INVITE, {"numbers": "M-404"})
    assert unknown.status_code == 400
    assert "No member has the number M-404" in unknown.content.decode()
    empty = _admin(org).post(INVITE, {})
    assert empty.status_code == 400


@pytest.mark.parametrize("who", ["secretary", "member_user", "outsider"])
def test_only_administrators_invite(org, who) -> None:
    _with_email(org, "M-7", "Vera Figner", "vera@example.org")
    client = Client()
    client.force_login(getattr(org, who))
    assert client.get(INVITE).status_code == 403
    assert client.post(INVITE, {"numbers": "M-7"}).status_code == 403
    assert mail.outbox == []
    assert Member.objects.get(number="M-7").user is None
    assert Client().get(INVITE).status_code == 302  # to sign in


def test_a_tampered_or_foreign_link_does_not_work(org) -> None:
    _with_email(org, "M-7", "Vera Figner", "vera@example.org")
    _admin(org).post(INVITE, {"numbers": "M-7"})
    link = _link(mail.outbox[0])
    assert Client().get(link[:-3] + "xx/").status_code == 404
    assert Client().get("/welcome/nonsense/").status_code == 404
    assert Client().get("/welcome/%00/").status_code in (400, 404)


def test_a_forgotten_password_gets_a_one_time_link(org) -> None:
    user = User.objects.get(pk=org.member_user.pk)
    user.email = "mia@example.org"
    user.save()
    response = Client().post("/password/reset/", {"email": "MIA@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"
    assert len(mail.outbox) == 1
    link = _link(mail.outbox[0])
    visitor = Client()
    assert (
        visitor.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})[
            "Location"
        ]
        == "/"
    )
    assert Client().login(username=user.username, password=NEW_PASSWORD)
    assert visitor.get(link).status_code == 404


def test_an_unknown_address_is_not_revealed_and_resets_are_throttled(org) -> None:
    unknown = Client().post("/password/reset/", {"email": "nobody@example.org"})
    assert unknown.status_code == 302 and mail.outbox == []
    user = User.objects.get(pk=org.member_user.pk)
    user.email = "mia@example.org"
    user.save()
    for _ in range(5):
        Client().post("/password/reset/", {"email": "mia@example.org"})
    assert len(mail.outbox) == 3


def test_the_api_invites_and_names_who_was_skipped(org) -> None:
    from collegium.access.actions import issue_token

    _with_email(org, "M-7", "Vera Figner", "vera@example.org")
    register_member(actor=SYSTEM, organization=org.organization, number="M-9", name="No Mail")
    _token, secret = issue_token(actor=SYSTEM, user=org.admin, name="script")
    url = f"/api/organizations/{ORG}/members/invite"
    headers = {"Authorization": f"Bearer {secret}"}
    answer = Client().post(
        url, {"numbers": ["M-7", "M-9"]}, content_type="application/json", headers=headers
    )
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "sent": ["M-7"],
        "skipped": [{"number": "M-9", "reason": "no email address in the register"}],
    }
    assert len(mail.outbox) == 1 and "/welcome/" in str(mail.outbox[0].body)
    both = Client().post(
        url,
        {"numbers": ["M-7"], "everyone": True},
        content_type="application/json",
        headers=headers,
    )
    assert both.status_code == 400 and both.json()["rule"] == "register.invitation-choice"
    member_token = issue_token(actor=SYSTEM, user=org.member_user, name="m")[1]
    refused = Client().post(
        url,
        {"everyone": True},
        content_type="application/json",
        headers={"Authorization": f"Bearer {member_token}"},
    )
    assert refused.status_code == 403
    assert len(mail.outbox) == 1


def test_a_mail_server_that_fails_is_said_and_the_invitation_can_be_repeated(
    org, monkeypatch
) -> None:
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("mail server down")

    _with_email(org, "M-7", "Vera Figner", "vera@example.org")
    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    page = _admin(org).post(INVITE, {"numbers": "M-7"}, follow=True)
    assert "the email could not be sent" in page.content.decode()
    monkeypatch.undo()
    again = _admin(org).post(INVITE, {"numbers": "M-7"}, follow=True)
    assert "1 invitation sent" in again.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_command_invites_with_links_to_the_site(org) -> None:
    from typer.testing import CliRunner

    from collegium.cli import _register, app

    _with_email(org, "M-7", "Vera Figner", "vera@example.org")
    _register()
    runner = CliRunner()
    done = runner.invoke(
        app,
        [
            "invite-members",
            "--organization",
            ORG,
            "--number",
            "M-7",
            "--site-url",
            "https://congress.example.org/",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "1 invitation(s) sent" in done.output
    assert "https://congress.example.org/welcome/" in str(mail.outbox[0].body)
    neither = runner.invoke(
        app, ["invite-members", "--organization", ORG, "--site-url", "https://x.org"]
    )
    assert neither.exit_code == 1 and "--number" in neither.output
    no_site = runner.invoke(
        app, ["invite-members", "--organization", ORG, "--everyone", "--site-url", "x.org"]
    )
    assert no_site.exit_code == 1 and "https://" in no_site.output


def test_a_login_in_use_is_never_linked_by_an_invitation_but_by_its_owner(org) -> None:
    """An admin could type anyone's address: an invitation never hands an existing login
    a membership. The owner's next password link (proof of the address) links it."""
    user = User.objects.get(pk=org.outsider.pk)
    user.email = "otto@example.org"
    user.save()
    _with_email(org, "M-7", "Otto Outsider", "otto@example.org")
    response = _admin(org).post(INVITE, {"numbers": "M-7"}, follow=True)
    assert "a login with this email address exists already" in response.content.decode()
    assert mail.outbox == []
    assert Member.objects.get(number="M-7").user is None
    # The owner asks for a password link, follows it, and the entry becomes theirs.
    Client().post("/password/reset/", {"email": "otto@example.org"})
    link = _link(mail.outbox[0])
    Client().post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert Member.objects.get(number="M-7").user == user
    assert_all_intact()
