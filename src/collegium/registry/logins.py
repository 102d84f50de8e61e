"""Logins made for members of the register (by an invitation or a first single sign-on),
and the one-time links that let a person choose their password."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError

from collegium.journal.actions import action, installation, record
from collegium.journal.actors import Actor
from collegium.registry.models import Member, MemberStatus
from collegium.rules.errors import RuleError
from collegium.rules.text import _

_SALT = "collegium.registry.invitation"


def new_login(email: str, actor: Actor | None = None) -> User:
    """A login named after the email (with a number added when that name is taken),
    without a usable password. The entry's actor is `actor`, or the new login itself
    when it is made by its own first sign-on."""
    base = email.strip().lower()[:140]
    username, suffix = base, 1
    while User.objects.filter(username__iexact=username).exists():
        suffix += 1
        username = f"{base}-{suffix}"
    user = User.objects.create_user(username, email=email.strip())
    record(
        "access.account.created",
        actor=actor or Actor.page(user),
        organization=None,
        obj=user,
        payload={"username": username},
    )
    return user


def _state(user: User) -> str:
    """What using the link changes: the password (and the first sign-in). A link made
    before either no longer works, so each link works once."""
    text = f"{user.pk}|{user.password}|{user.last_login}|{user.is_active}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def password_link_token(user: User) -> str:
    return signing.dumps([user.pk, _state(user)], salt=_SALT, compress=True)


def user_for_token(token: str, *, lock: bool = False) -> User | None:
    """The login a link is for, while the link is valid: signed by this installation,
    younger than COLLEGIUM_INVITATION_DAYS, and not used yet (`lock`: the login's row
    is locked, so that two submissions of one link cannot both use it)."""
    try:
        user_id, state = signing.loads(
            token, salt=_SALT, max_age=settings.COLLEGIUM_INVITATION_DAYS * 24 * 3600
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = (
        User.objects.filter(pk=user_id, is_active=True).first()
        if isinstance(user_id, int)
        else None
    )
    if user is None or state != _state(user):
        return None
    return user


@action(chain=installation)
def choose_password(*, token: str, password: str) -> User:
    """The invitation's (or a password reset's) link used: the login gets its password,
    and the link stops working."""
    user = user_for_token(token, lock=True)
    if user is None:
        raise RuleError(
            _("This link has been used already or has expired; ask for a new one."),
            rule="account.link-invalid",
        )
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise RuleError(
            _("The password is refused: %(reasons)s") % {"reasons": " ".join(error.messages)},
            rule="account.password",
        ) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    _link_members_of(user)
    record(
        "access.account.password_chosen",
        actor=Actor.page(user),
        organization=None,
        obj=user,
        payload={"username": user.username},
    )
    return user


def _link_members_of(user: User) -> None:
    """The link came by email, so its user controls that address: register entries with
    it that have no login yet (in other organizations, say) become this login's."""
    if not user.email:
        return
    entries = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organization")
        .filter(email__iexact=user.email, user__isnull=True, status=MemberStatus.ACTIVE)
        .exclude(organization__members__user=user)
        .order_by("pk")
    )
    for member in entries:
        member.user = user
        member.save(update_fields=["user"])
        record(
            "register.member.login_linked",
            actor=Actor.page(user),
            organization=member.organization,
            obj=member,
            payload={"number": member.number, "username": user.username},
        )
