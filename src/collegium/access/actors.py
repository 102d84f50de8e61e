"""Who performs an action. `None` is the system itself (the demo loader, a migration, the
CLI run by the operator without `--as`); it is journaled as "system"."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

Actor: TypeAlias = User | None


def as_actor(user: User | AnonymousUser) -> Actor:
    """The actor for a request's user; anonymous visitors are refused before any action."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise ValueError("an anonymous visitor cannot perform an action")
    return user
