"""Proxies: where the orders allow them, an absent full member's proxy lets another full
member vote for that seat too; at most N per holder, revocable until the vote opens; a
holder casts one ballot for their own seat and one per proxy, each once."""

from __future__ import annotations

import pytest

from collegium.access.permissions import NotPermitted
from collegium.bodies.actions import adopt_standing_orders
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.meetings import actions as meeting
from collegium.rules.standing_orders.presets import PRESETS
from collegium.voting import actions
from collegium.voting.actions.proxies import give_proxy, revoke_proxy
from collegium.voting.models import Participation, Proxy, Voter
from tests.conftest import Org
from tests.meetings.helpers import Meeting
from tests.meetings.helpers import meeting as committee
from tests.voting.helpers import refused

pytestmark = pytest.mark.django_db


def _allowing(org: Org, most: int = 1, preset: str = "1956-practice") -> Meeting:
    """The committee under orders allowing `most` proxies per holder; full members 1–4
    present (5–7 absent), alternates absent."""
    m = committee(org, preset)
    document = dict(PRESETS[preset])
    votes = document["votes"]
    assert isinstance(votes, dict)
    document["votes"] = {**votes, "proxies": most}
    document["guest_seats"] = ["congress", "committee"]
    adopt_standing_orders(actor=SYSTEM, body=org.committee, title="with proxies", document=document)
    return m


def _id(value: int | None) -> int:
    assert value is not None
    return value


def _open(m: Meeting) -> None:
    meeting.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full[:4]])
    meeting.open_sitting(actor=m.chair, sitting=m.sitting)
    meeting.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=4, no=0)


def test_a_proxy_votes_for_the_absent_member(org: Org) -> None:
    m = _allowing(org)
    # Member 6 (absent) gives their proxy to member 1 themself; member 7's is recorded by
    # the secretariat; member 5 gives one and revokes it before the vote opens.
    give_proxy(actor=m.actor(m.full[5]), giver=m.full[5], holder=m.full[0])
    give_proxy(actor=m.chair, giver=m.full[6], holder=m.full[1])
    revoked = give_proxy(actor=m.actor(m.full[4]), giver=m.full[4], holder=m.full[2])
    revoke_proxy(actor=m.actor(m.full[4]), proxy=revoked)
    _open(m)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Greetings", form="named")
    assert vote.voters == 6 and vote.present == 4  # a proxy is a vote, not a presence
    proxied = Voter.objects.filter(vote=vote, proxy_for__isnull=False)
    assert sorted(v.proxy_for.name for v in proxied if v.proxy_for) == [
        "Full Member 6",
        "Full Member 7",
    ]
    holder = m.actor(m.full[0])
    giver6 = m.full[5].member
    assert giver6 is not None
    actions.cast_ballot(actor=holder, vote=vote, choice="yes")
    actions.cast_ballot(actor=holder, vote=vote, choice="no", for_member=giver6.pk)
    refused(
        "vote.already-voted",
        lambda: actions.cast_ballot(actor=holder, vote=vote, choice="yes", for_member=giver6.pk),
    )
    # Member 3 held member 5's proxy, revoked before the opening: no such ballot.
    giver5 = m.full[4].member
    assert giver5 is not None
    refused(
        "vote.no-proxy",
        lambda: actions.cast_ballot(
            actor=m.actor(m.full[2]), vote=vote, choice="yes", for_member=giver5.pk
        ),
    )
    closed = actions.close_vote(actor=m.chair, vote=vote)
    assert (closed.yes, closed.no) == (1, 1)
    # The journal names the seat voted for: member 6, not the holder twice.
    voted = JournalEntry.objects.filter(code="vote.participated").values_list("payload", flat=True)
    members = [n for payload in voted for n in payload["members"]]
    assert sorted(members) == sorted([_id(m.full[0].member_id), giver6.pk])
    roll = JournalEntry.objects.get(code="vote.roll_call").payload
    assert roll["no"] == [giver6.pk] and roll["yes"] == [m.full[0].member_id]
    assert Participation.objects.filter(vote=vote).count() == 2


def test_proxies_refused_with_the_rule(org: Org) -> None:
    m = _allowing(org, most=1)
    give_proxy(actor=m.chair, giver=m.full[5], holder=m.full[0])
    refused(
        "proxy.too-many",
        lambda: give_proxy(actor=m.chair, giver=m.full[6], holder=m.full[0]),
    )
    refused(
        "proxy.given",
        lambda: give_proxy(actor=m.chair, giver=m.full[5], holder=m.full[1]),
    )
    refused(
        "proxy.chain",
        lambda: give_proxy(actor=m.chair, giver=m.full[6], holder=m.full[5]),
    )
    refused(
        "proxy.full-members",
        lambda: give_proxy(actor=m.chair, giver=m.alternates[0], holder=m.full[1]),
    )
    refused(
        "proxy.full-members",
        lambda: give_proxy(actor=m.chair, giver=m.full[3], holder=m.full[3]),
    )
    # Another member may not give someone else's proxy.
    with pytest.raises(NotPermitted):
        give_proxy(actor=m.actor(m.full[1]), giver=m.full[2], holder=m.full[1])
    proxy = Proxy.objects.get()
    revoke_proxy(actor=m.chair, proxy=proxy)
    refused("proxy.revoked", lambda: revoke_proxy(actor=m.chair, proxy=proxy))


def test_no_proxies_where_the_orders_allow_none(org: Org) -> None:
    m = committee(org, "lenin-era")
    refused(
        "proxy.not-allowed",
        lambda: give_proxy(actor=m.chair, giver=m.full[5], holder=m.full[0]),
    )


def test_a_proxy_is_not_used_when_the_giver_is_present_or_an_alternate_steps_in(
    org: Org,
) -> None:
    m = _allowing(org, most=2, preset="lenin-era")
    give_proxy(actor=m.chair, giver=m.full[3], holder=m.full[0])  # member 4 is present
    give_proxy(actor=m.chair, giver=m.full[4], holder=m.full[0])  # alternate 1 steps in
    meeting.check_in(
        actor=m.chair, sitting=m.sitting, seats=[*(s.pk for s in m.full[:4]), m.alternates[0].pk]
    )
    meeting.open_sitting(actor=m.chair, sitting=m.sitting)
    meeting.adopt_agenda(actor=m.chair, sitting=m.sitting, yes=5, no=0)
    vote = actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Greetings", form="secret")
    assert not Voter.objects.filter(vote=vote, proxy_for__isnull=False).exists()
    assert vote.voters == 5


PAGE = "/o/test-union/bodies/cc/proxies/"
API = "/api/organizations/test-union/bodies/cc/proxies"
SITTING = "/o/test-union/bodies/cc/sittings/1/"
HX = {"HX-Request": "true"}


def test_proxies_from_the_page_and_a_proxy_ballot_on_the_panel(org: Org) -> None:
    from tests.meetings.test_api import client_for, login

    m = _allowing(org)
    giver = login(m, 5)  # full member 6, absent at the sitting
    page = giver.get(PAGE).content.decode()
    assert "Give your proxy" in page and "at most 1 proxy" in page
    answer = giver.post(
        PAGE + "give/", {"proxy-giver": str(m.full[5].pk), "proxy-holder": str(m.full[0].pk)}
    )
    assert answer.status_code == 303
    assert 'data-proxy="S-full6"' in giver.get(PAGE).content.decode()
    # A second proxy to the same holder is refused on the page, with the rule's sentence.
    secretariat = client_for(org.secretary)
    secretariat.post(
        PAGE + "give/", {"proxy-giver": str(m.full[6].pk), "proxy-holder": str(m.full[0].pk)}
    )
    assert "carries 1 proxy already" in secretariat.get(PAGE).content.decode()
    _open(m)
    actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Greetings", form="secret")
    holder = login(m, 0)
    panel = holder.get(SITTING + "ballot/", headers=HX).content.decode()
    assert "As proxy of Full Member 6" in panel and 'value="S-full6"' in panel
    own = holder.post(SITTING + "votes/1/ballot/", {"choice": "yes"}, headers=HX)
    assert "Your receipt:" in own.content.decode()
    by_proxy = holder.post(
        SITTING + "votes/1/ballot/", {"choice": "no", "for_member": "S-full6"}, headers=HX
    ).content.decode()
    assert "Your receipt:" in by_proxy and "this ballot is counted" in by_proxy
    nobody = holder.post(
        SITTING + "votes/1/ballot/", {"choice": "no", "for_member": "S-full7"}, headers=HX
    ).content.decode()
    assert "You vote for no such member" in nobody


def test_proxies_over_the_api(org: Org) -> None:
    from tests.meetings.test_api import client_for, login, post

    m = _allowing(org)
    given = post(login(m, 5), API, {"holder": "S-full1"})
    assert given.status_code == 201 and given.json()["giver"] == "S-full6"
    again = post(login(m, 5), API, {"holder": "S-full2"})
    assert again.status_code == 400 and again.json()["rule"] == "proxy.given"
    seatless = post(client_for(org.member_user), API, {"holder": "S-full2"})
    assert seatless.status_code == 400 and seatless.json()["rule"] == "proxy.full-members"
    assert [p["giver"] for p in login(m, 3).get(API).json()] == ["S-full6"]
    _open(m)
    vote = post(
        client_for(org.secretary),
        "/api/organizations/test-union/bodies/cc/sittings/1/votes",
        {"subject": "Greetings", "form": "named"},
    ).json()
    assert vote["voters"] == 5
    ballot = "/api/organizations/test-union/bodies/cc/sittings/1/votes/1/ballot"
    holder = login(m, 0)
    assert post(holder, ballot, {"choice": "yes", "for_member": "S-full6"}).status_code == 201
    unknown = post(holder, ballot, {"choice": "yes", "for_member": "NOBODY"})
    assert unknown.status_code == 400 and unknown.json()["rule"] == "vote.no-proxy"
    proxy_id = login(m, 3).get(API).json()[0]["id"]
    other = post(login(m, 3), API + f"/{proxy_id}/revoke", {})
    assert other.status_code == 403  # not the giver, not the secretariat
    assert post(login(m, 5), API + f"/{proxy_id}/revoke", {}).status_code == 200
    assert login(m, 3).get(API).json() == []
