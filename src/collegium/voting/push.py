"""What a vote's close carries to the delegates' screens (live/attachments.py): the
ballot panel with the result as a member sees it, built once per server process and
language, so that a congress's screens show the result without each asking for it."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse

from collegium.access.visibility import ReaderScope
from collegium.journal.codes import Audience
from collegium.live.events import LiveEvent
from collegium.voting.models import Vote, VoteForm
from collegium.voting.results import result_view

RESULT = "vote-result"  # what screens.js recognizes in an event's `attached`
RESULT_CODES = ("vote.closed",)
# The update is sent to the members' streams: it shows what members may see.
MEMBERS_SCOPE = ReaderScope(frozenset({Audience.PUBLIC, Audience.MEMBERS}), frozenset())


def result_update(event: LiveEvent) -> dict[str, Any] | None:
    if event.object_type != "voting.vote" or not event.object_id.isdigit():
        return None
    vote = (
        Vote.objects.select_related("sitting__body__organization", "sitting__orders", "item")
        .filter(pk=int(event.object_id))
        .first()
    )
    if vote is None:
        return None
    sitting = vote.sitting
    args = (sitting.body.organization.slug, sitting.body.slug, sitting.number, vote.number)
    html = render_to_string(
        "voting/_ballot_panel.html",
        {
            "vote": vote,
            "result": result_view(vote, MEMBERS_SCOPE),
            "secret": vote.form == VoteForm.SECRET,
            "vote_urls": {"page": reverse("sitting-vote", args=args)},
        },
    )
    return {"screen": RESULT, "sitting": sitting.pk, "html": html}
