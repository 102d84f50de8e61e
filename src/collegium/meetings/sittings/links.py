"""Links from the sitting pages to pages other parts of meetings build (the screens, the
minutes). Until every part has its routes, a name that does not resolve yet gives ""
and the page leaves that link out instead of failing. (Guard to be removed once the
screens and minutes parts are in.)"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from collegium.meetings.models import Sitting

# The pages of a sitting that other parts serve, by URL name.
SCREENS = ("sitting-chair", "sitting-delegate", "sitting-projector")
MINUTES = "sitting-minutes"


def maybe_reverse(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def sitting_link(sitting: Sitting, name: str) -> str:
    body = sitting.body
    return maybe_reverse(name, body.organization.slug, body.slug, sitting.number)
