"""Who performs an action, and through which channel. An actor is an explicit value: a
signed-in user, or the system itself (the demo loader, the operator's `collegium`
command), never `None` standing for "may do anything". Both the user's name and the
channel are journaled with every entry. It lives with the journal, below access, because
the journal records it; access decides what each actor may do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Channel(StrEnum):
    PAGE = "page"  # a web page's form
    API = "api"  # the HTTP API (session or token)
    CLI = "cli"  # the `collegium` command
    SYSTEM = "system"  # the demo loader, a data migration


@dataclass(frozen=True)
class Actor:
    user: User | None  # None only for the system
    channel: Channel

    def __post_init__(self) -> None:
        if self.user is None and self.channel not in (Channel.SYSTEM, Channel.CLI):
            raise ValueError("only the system (or the operator's command) acts without a user")

    @classmethod
    def system(cls, channel: Channel = Channel.SYSTEM) -> Actor:
        """The installation itself: the demo loader, or the operator at the command line."""
        return cls(None, channel)

    @classmethod
    def page(cls, user: User) -> Actor:
        return cls(user, Channel.PAGE)

    @classmethod
    def api(cls, user: User) -> Actor:
        return cls(user, Channel.API)

    @property
    def is_system(self) -> bool:
        return self.user is None

    @property
    def label(self) -> str:
        """The name journaled: the login name as it was, or "system"."""
        return "system" if self.user is None else str(self.user.get_username())

    def __str__(self) -> str:
        return f"{self.label} ({self.channel})"


SYSTEM = Actor.system()
OPERATOR_CLI = Actor.system(Channel.CLI)
