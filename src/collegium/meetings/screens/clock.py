"""The speaker's clock as a screen shows it at render; screens.js ticks it on from there."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from collegium.meetings.screens.state import Speech


@dataclass(frozen=True)
class Clock:
    """What screens.js ticks from: seconds spoken at render, seconds allowed (None: no
    limit, the clock counts up), running or not, and the render moment (ms since epoch).
    `shown` is the figure the server renders, so the screen is right without scripts."""

    spoken: int
    allowed: int | None
    running: bool
    rendered_at: int

    @property
    def over(self) -> bool:
        return self.allowed is not None and self.spoken > self.allowed

    @property
    def shown(self) -> str:
        """Seconds left (below zero when over time), or spoken when there is no limit."""
        return minutes(self.spoken if self.allowed is None else self.allowed - self.spoken)

    @property
    def spoken_shown(self) -> str:
        return minutes(self.spoken)

    @property
    def allowed_shown(self) -> str:
        return "" if self.allowed is None else minutes(self.allowed)


def minutes(seconds: int) -> str:
    """ "-1:05", "12:00": as screens.js writes them."""
    sign = "-" if seconds < 0 else ""
    whole, rest = divmod(abs(seconds), 60)
    return f"{sign}{whole}:{rest:02d}"


def clock_of(speech: Speech | None, now: datetime.datetime) -> Clock | None:
    if speech is None:
        return None
    return Clock(speech.spoken_at(now), speech.allowed, speech.running, int(now.timestamp() * 1000))
