"""Inviting members of the register to sign in: each gets a login (named after their
email) and a one-time link to choose a password (registry/logins.py). The action makes
the logins and journals the invitations; the web side sends the emails after commit
(web/accounts.py), so no email goes out for an invitation that was rolled back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Q

from collegium.access.permissions import Context, Permission, require
from collegium.journal.actions import action, installation, record
from collegium.journal.actors import Actor
from collegium.registry.logins import new_login, password_link_token
from collegium.registry.models import Member, MemberStatus, Organization
from collegium.rules.errors import RuleError
from collegium.rules.text import _, gettext_noop, ngettext

EXISTING_LOGIN = gettext_noop(
    "a login with this email address exists already; it is linked to this entry when its "
    "owner next uses a password link (“Forgotten your password?”)"
)

# Invitations per request: each is a login, two journal entries and an email.
MAX_INVITATIONS = 2000


@dataclass(frozen=True)
class Invitation:
    member: Member
    user: User
    token: str  # the link's token: sent by email, never stored or journaled


@dataclass
class Invitations:
    sent: list[Invitation] = field(default_factory=list)
    # Members left out, each with the reason, for the page that asked.
    skipped: list[tuple[Member, str]] = field(default_factory=list)


# The installation's chain first, as a first single sign-on takes it (registry/sign_in.py):
# both make logins and link members, and take the two chains in the same order.
@action(chain=installation)
def invite_members(
    *, actor: Actor, organization: Organization, numbers: Sequence[str] | None = None
) -> Invitations:
    """Invite the members with these numbers, or (None) every active member with an
    email and no login yet. A member with a password already is left out (they can reset
    it); one invited before who has not chosen a password yet gets a new link."""
    require(actor, Permission.MANAGE_ACCOUNTS, Context(organization))
    members = Member.objects.select_for_update(of=("self",)).select_related("user")
    if numbers is None:
        chosen = members.filter(
            organization=organization, status=MemberStatus.ACTIVE, user__isnull=True
        ).exclude(email="")
    else:
        chosen = members.filter(organization=organization, number__in=list(numbers))
        missing = set(numbers) - set(chosen.values_list("number", flat=True))
        if missing:
            raise RuleError(
                _("No member has the number %(numbers)s.")
                % {"numbers": ", ".join(sorted(missing)[:10])},
                rule="register.unknown-member",
            )
    found = list(chosen.order_by("name", "number")[: MAX_INVITATIONS + 1])
    if len(found) > MAX_INVITATIONS:
        raise RuleError(
            ngettext(
                "At most %(limit)d member can be invited at a time.",
                "At most %(limit)d members can be invited at a time.",
                MAX_INVITATIONS,
            )
            % {"limit": MAX_INVITATIONS},
            rule="register.invitation-batch",
        )
    result = Invitations()
    for member in found:
        reason = _why_not(member)
        if reason:
            result.skipped.append((member, reason))
            continue
        if member.user is None and _has_own_login(member.email):
            # Linking a login that someone already uses would hand them a membership
            # they did not ask for (an admin could type anyone's address): they sign in
            # with it, and an admin links it once they ask.
            result.skipped.append((member, str(_(EXISTING_LOGIN))))
            continue
        user = member.user or _login_for(actor, member)
        record(
            "register.member.invited",
            actor=actor,
            organization=organization,
            obj=member,
            payload={"number": member.number, "username": user.username},
        )
        result.sent.append(Invitation(member, user, password_link_token(user)))
    return result


def _why_not(member: Member) -> str:
    if member.status != MemberStatus.ACTIVE:
        return str(_("not an active member"))
    if not member.email:
        return str(_("no email address in the register"))
    if member.user is not None and member.user.has_usable_password():
        return str(_("has a login with a password already (they can reset it)"))
    return ""


def _has_own_login(email: str) -> bool:
    """A login with this email that its person already uses: it has a password, or it
    belongs to an operator or a member of another organization's register."""
    return (
        User.objects.filter(email__iexact=email)
        .filter(~Q(password__startswith="!") | Q(is_superuser=True) | Q(memberships__isnull=False))
        .exists()
    )


def _login_for(actor: Actor, member: Member) -> User:
    """A new login for the member, named after their email."""
    user = new_login(member.email, actor)
    member.user = user
    member.save(update_fields=["user"])
    record(
        "register.member.login_linked",
        actor=actor,
        organization=member.organization,
        obj=member,
        payload={"number": member.number, "username": user.username},
    )
    return user
