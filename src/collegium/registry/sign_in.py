"""Single sign-on: who a verified identity at the organization's OpenID Connect provider
is in Collegium. The register decides, not the provider: a person signs in only as a
member of the register whose email the provider has verified, and nobody else gets a
login this way. The web side (web/sso.py) speaks the protocol and calls this action."""

from __future__ import annotations

from django.contrib.auth.models import User

from collegium.access.models import SingleSignOnIdentity
from collegium.journal.actions import action, installation, record
from collegium.journal.actors import Actor
from collegium.registry.logins import new_login
from collegium.registry.models import Member, MemberStatus
from collegium.rules.errors import RuleError
from collegium.rules.text import _


# The installation's chain first (accounts); the member's organizations' chains are
# locked as their entries are recorded.
@action(chain=installation)
def sign_in_by_identity(*, issuer: str, subject: str, email: str, verified: bool) -> User:
    """The login of the identity (`issuer`, `subject`): the one it was tied to before;
    else the login of the active members with this email, or a new login for them,
    tied to the identity from now on. Refused, naming the rule, when the email is not
    verified, matches no active member, or belongs to two different logins."""
    known = (
        SingleSignOnIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if known is not None:
        return _usable(known.user)
    if not verified or not email:
        raise RuleError(
            _(
                "The sign-on provider did not confirm an email address for you, so Collegium "
                "cannot tell which member you are."
            ),
            rule="sso.email-unverified",
        )
    members = list(
        Member.objects.select_for_update(of=("self",))
        .select_related("organization", "user")
        .filter(email__iexact=email.strip(), status=MemberStatus.ACTIVE)
        .order_by("pk")
    )
    if not members:
        raise RuleError(
            _(
                "No active member of any organization here has the email address %(email)s. "
                "Ask your secretariat to enter it in the register."
            )
            % {"email": email},
            rule="sso.no-member",
        )
    logins = {member.user for member in members if member.user is not None}
    if len(logins) > 1:
        raise RuleError(
            _(
                "The email address %(email)s belongs to members with different logins; "
                "ask your secretariat which one is yours."
            )
            % {"email": email},
            rule="sso.ambiguous",
        )
    user = _usable(logins.pop()) if logins else new_login(email)
    actor = Actor.page(user)
    for member in members:
        if member.user is None:
            member.user = user
            member.save(update_fields=["user"])
            record(
                "register.member.login_linked",
                actor=actor,
                organization=member.organization,
                obj=member,
                payload={"number": member.number, "username": user.username},
            )
    SingleSignOnIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    record(
        "access.sso.linked",
        actor=actor,
        organization=None,
        obj=user,
        payload={"username": user.username, "issuer": issuer},
    )
    return user


def _usable(user: User) -> User:
    """A disabled login stays out; an operator's login signs in with its password only,
    so that whoever controls an email at the provider can never become an operator."""
    if not user.is_active:
        raise RuleError(_("This login is disabled."), rule="sso.login-disabled")
    if user.is_superuser:
        raise RuleError(
            _("An operator's login cannot sign in through the sign-on provider; use its password."),
            rule="sso.operator",
        )
    return user
