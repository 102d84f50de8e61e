"""API: invite members of the register to sign in (registry/invitations.py); the emails
go out as from the page (web/invitation_mail.py), with links to this server's address."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from collegium.http.api_auth import WRITE, api_actor
from collegium.http.api_errors import WRITE_ERRORS
from collegium.registry.invitations import MAX_INVITATIONS, invite_members
from collegium.registry.numbers import normalize_number
from collegium.registry.queries import organization_or_404
from collegium.rules.errors import RuleError
from collegium.rules.text import _
from collegium.web.accounts import MAIL_FAILED
from collegium.web.invitation_mail import send_invitations

router = Router(tags=["register"])


class InvitationIn(Schema):
    numbers: list[str] = Field(
        default=[], max_length=MAX_INVITATIONS, description="The members to invite, by number."
    )
    everyone: bool = Field(
        default=False,
        description="Invite every active member with an email address and no login yet "
        "(instead of `numbers`).",
    )


class SkippedOut(Schema):
    number: str
    reason: str


class InvitationsOut(Schema):
    sent: list[str] = Field(description="The numbers of the members an invitation went to.")
    skipped: list[SkippedOut] = Field(description="Members not invited, with the reason.")


@router.post(
    "/organizations/{slug}/members/invite",
    response={200: InvitationsOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="invite_members",
    summary="Invite members to sign in: a login and an email with a one-time link each",
    description=f"At most {MAX_INVITATIONS:,} at a time. Members without an email, not "
    "active, or with a password already are skipped, with the reason. Admins only.",
)
def invite(request: HttpRequest, slug: str, invitation: InvitationIn) -> InvitationsOut:
    organization = organization_or_404(slug)
    if invitation.everyone == bool(invitation.numbers):
        raise RuleError(
            _("Give member numbers, or choose every member with an email address."),
            rule="register.invitation-choice",
        )
    numbers = None if invitation.everyone else [normalize_number(n) for n in invitation.numbers]
    result = invite_members(actor=api_actor(request), organization=organization, numbers=numbers)
    try:
        send_invitations(
            result, lambda token: request.build_absolute_uri(reverse("welcome", args=[token]))
        )
    except OSError:  # the mail server refused or cannot be reached (smtplib's too)
        raise RuleError(_(MAIL_FAILED), rule="mail.unavailable") from None
    return InvitationsOut(
        sent=[sent.member.number for sent in result.sent],
        skipped=[SkippedOut(number=m.number, reason=reason) for m, reason in result.skipped],
    )
