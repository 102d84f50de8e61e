"""The sittings API: a whole sitting driven over HTTP, who may read and do what, and the
answers for refusals (400 with the rule), permissions (403) and unknown names (404)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from collegium.journal.models import JournalEntry
from collegium.meetings.models import FloorRequest, Presence, Sitting
from tests.conftest import Org
from tests.meetings.helpers import Meeting, meeting
from tests.meetings.unchanged import snapshot

SITTINGS = "/api/organizations/test-union/bodies/cc/sittings"
S1 = SITTINGS + "/1"
ITEM1 = S1 + "/items/1"


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client: Client, url: str, payload: dict[str, Any] | None = None) -> Any:
    return client.post(url, payload or {}, content_type="application/json")


def login(m: Meeting, index: int) -> Client:
    seat = m.full[index]
    assert seat.member is not None and seat.member.user is not None
    return client_for(seat.member.user)


def test_a_whole_sitting_over_the_api(org: Org) -> None:
    m = meeting(org)
    chair = client_for(org.secretary)

    below = post(chair, S1 + "/check-in", {"seats": [s.pk for s in m.full[:3]]})
    assert below.status_code == 200
    assert below.json()["changed"] == 3
    assert below.json()["quorum"]["met"] is False
    refused = post(chair, S1 + "/open")
    assert refused.status_code == 400
    assert refused.json()["rule"] == "sitting.quorum"
    assert refused.json()["detail"] == (
        "Quorum not reached: 3 of 7 full members present, 4 needed."
    )

    more = post(chair, S1 + "/check-in", {"numbers": ["S-full4", "S-alt1"]})
    assert more.json() == {
        "changed": 2,
        "quorum": {
            "met": True,
            "present": 5,
            "stepping_in": 1,
            "full_seats": 7,
            "needed": 4,
            "sentence": "Quorum reached: 5 of 7 full members present "
            "(1 of them alternates stepping in), 4 needed.",
        },
    }
    assert post(chair, S1 + "/open").json()["status"] == "open"
    adopted = post(chair, S1 + "/agenda/adopt", {"yes": 5, "no": 0})
    assert adopted.status_code == 200 and adopted.json()["adopted"] is True
    assert post(chair, ITEM1 + "/open").json()["state"] == "open"
    report = post(
        chair,
        ITEM1 + "/report",
        {"rapporteur": m.full[0].pk, "title": "Report of the CC", "text": "…"},
    )
    assert report.status_code == 201, report.json()
    short = post(
        chair,
        ITEM1 + "/counter-reports",
        {"rapporteur": m.full[1].pk, "title": "Minority", "signatures": []},
    )
    assert (short.status_code, short.json()["rule"]) == (400, "counter-report.signatures")
    counter = post(
        chair,
        ITEM1 + "/counter-reports",
        {"rapporteur": m.full[1].pk, "title": "Minority", "numbers": ["S-full2"]},
    )
    assert counter.status_code == 201 and counter.json()["signatures"] == 1

    asked = post(login(m, 2), ITEM1 + "/floor", {"stance": "for"})
    assert asked.status_code == 201 and asked.json()["name"] == "Full Member 3"
    post(login(m, 3), ITEM1 + "/floor", {"stance": "against"})
    point = post(login(m, 0), ITEM1 + "/floor", {"kind": "point-of-order"})
    assert point.status_code == 201
    twice = post(login(m, 2), ITEM1 + "/floor", {"stance": "for"})
    assert (twice.status_code, twice.json()["rule"]) == (400, "speakers.already-listed")

    state = chair.get(S1).json()
    assert state["current_item"] == "1"
    waiting = state["speakers"]["waiting"]
    assert [w["request"]["name"] for w in waiting] == [
        "Full Member 1",
        "Full Member 3",
        "Full Member 4",
    ]
    assert waiting[0]["explanation"] == (
        "Point of order by Full Member 1: goes to the head of the list."
    )
    assert [r["counter"] for r in state["agenda"][0]["reports"]] == [False, True]
    assert state["stand_ins"][0]["alternate"] == "Alternate 1"
    roll = {r["role"]: (r["present"], r["seated"]) for r in state["roll"]}
    assert roll == {"full": (4, 7), "alternate": (1, 2), "consultative": (0, 0), "guest": (0, 1)}

    called = post(chair, ITEM1 + "/speakers/next")
    assert called.status_code == 200
    assert called.json()["name"] == "Full Member 1"
    assert called.json()["allowed_seconds"] == 60
    assert called.json()["clock_running"] is True
    paused = post(chair, ITEM1 + "/clock/pause").json()
    assert paused["clock_running"] is False
    again = post(chair, ITEM1 + "/clock/pause")
    assert (again.status_code, again.json()["rule"]) == (400, "speakers.clock")
    assert post(chair, ITEM1 + "/clock/start").json()["clock_running"] is True
    second = post(chair, ITEM1 + "/speakers/next").json()
    assert second["name"] == "Full Member 3"
    speaking = chair.get(S1).json()["speakers"]["speaking"]
    assert speaking["name"] == "Full Member 3" and speaking["remaining_seconds"] <= 600
    ended = post(chair, ITEM1 + "/clock/end").json()
    assert ended["state"] == "done" and ended["clock_running"] is False

    withdrawn = post(login(m, 3), ITEM1 + "/floor/withdraw")
    assert withdrawn.json() == {"withdrawn": 1}
    closed_list = post(chair, ITEM1 + "/list/close", {"yes": 5, "no": 0})
    assert closed_list.json()["adopted"] is True
    closed = post(login(m, 1), ITEM1 + "/floor", {})
    assert (closed.status_code, closed.json()["rule"]) == (400, "speakers.list-closed")
    assert post(chair, ITEM1 + "/close").json()["state"] == "closed"
    assert post(chair, S1 + "/close").json()["status"] == "closed"
    assert Presence.objects.filter(left_at__isnull=True).count() == 0
    codes = list(JournalEntry.objects.filter(code__startswith="sitting.").values_list("code"))
    assert ("sitting.speaker.called",) in codes and ("sitting.closed",) in codes


def test_convening_postponing_and_cancelling(org: Org) -> None:
    meeting(org)
    chair = client_for(org.secretary)
    starts = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    convened = post(
        chair,
        SITTINGS,
        {
            "title": "Second sitting",
            "starts_at": starts.isoformat(),
            "agenda": [{"title": "Budget", "kind": "motion"}],
        },
    )
    assert convened.status_code == 201, convened.json()
    assert convened.json()["number"] == 2
    assert [i["title"] for i in convened.json()["agenda"]] == ["Budget"]
    # An item nested under item 1, then a child of an unknown item.
    nested = post(chair, SITTINGS + "/2/items", {"title": "Detail", "kind": "other", "parent": "1"})
    assert nested.status_code == 201 and nested.json()["number"] == "1.1"
    orphan = post(chair, SITTINGS + "/2/items", {"title": "X", "kind": "other", "parent": "9"})
    assert (orphan.status_code, orphan.json()["rule"]) == (400, "sitting.item-parent")

    stale = post(
        chair,
        SITTINGS + "/2/postpone",
        {"starts_at": starts.isoformat(), "reason": "Snow", "revision": 7},
    )
    assert (stale.status_code, stale.json()["rule"]) == (400, "sitting.stale-form")
    later = (starts + datetime.timedelta(days=1)).isoformat()
    postponed = post(
        chair, SITTINGS + "/2/postpone", {"starts_at": later, "reason": "Snow", "revision": 0}
    )
    assert postponed.json()["status"] == "postponed"
    assert postponed.json()["status_reason"] == "Snow"
    far = post(chair, SITTINGS + "/2/postpone", {"starts_at": "2999-01-01T10:00", "reason": "x"})
    assert (far.status_code, far.json()["rule"]) == (400, "sitting.starts-at")
    cancelled = post(chair, SITTINGS + "/2/cancel", {"reason": "No quorum expected"})
    assert cancelled.json()["status"] == "cancelled"
    page = chair.get(SITTINGS + "?limit=1").json()
    assert [s["number"] for s in page["items"]] == [2]
    assert page["next_before"] == 2
    rest = chair.get(SITTINGS + "?limit=1&before=2").json()
    assert [s["number"] for s in rest["items"]] == [1] and rest["next_before"] is None


def test_who_may_read_sittings(org: Org) -> None:
    m = meeting(org)
    readers = {
        "signed out": client_for(None),
        "outsider": client_for(org.outsider),
        "member": client_for(org.member_user),
        "seat holder": login(m, 0),
        "secretary": client_for(org.secretary),
        "admin": client_for(org.admin),
    }
    answers = {who: c.get(S1).status_code for who, c in readers.items()}
    assert answers == {
        "signed out": 403,
        "outsider": 403,
        "member": 200,
        "seat holder": 200,
        "secretary": 200,
        "admin": 200,
    }
    listing = {who: c.get(SITTINGS).status_code for who, c in readers.items()}
    assert listing == answers
    assert readers["member"].get(SITTINGS + "/99").status_code == 404
    assert readers["member"].get(S1 + "/items/9/speakers").status_code == 404
    assert (
        readers["member"].get("/api/organizations/test-union/bodies/nope/sittings").status_code
        == 404
    )


def test_only_the_secretariat_runs_a_sitting(org: Org) -> None:
    m = meeting(org)
    before = snapshot()
    for user in (org.outsider, org.member_user, m.full[0].member.user):  # type: ignore[union-attr]
        client = client_for(user)
        attempts: list[tuple[str, dict[str, Any]]] = [
            (S1 + "/check-in", {"seats": [m.full[0].pk]}),
            (S1 + "/open", {}),
            (S1 + "/cancel", {"reason": "x"}),
            (S1 + "/items", {"title": "X", "kind": "other"}),
            (ITEM1 + "/report", {"rapporteur": m.full[0].pk, "title": "R"}),
            (SITTINGS, {"title": "X", "starts_at": timezone.now().isoformat()}),
        ]
        for url, payload in attempts:
            answer = post(client, url, payload)
            assert answer.status_code == 403, (user, url, answer.json())
            assert answer.json()["rule"] == "permissions"
    anonymous = post(client_for(None), S1 + "/open")
    assert anonymous.status_code == 401
    assert snapshot() == before


def test_unknown_sittings_and_items_are_404(org: Org) -> None:
    meeting(org)
    chair = client_for(org.secretary)
    assert post(chair, SITTINGS + "/5/open").status_code == 404
    assert post(chair, S1 + "/items/7/open").status_code == 404
    missing = post(chair, S1 + "/items/1/requests/99/withdraw")
    assert (missing.status_code, missing.json()["rule"]) == (400, "speakers.no-request")


def test_self_check_in_and_out(org: Org) -> None:
    m = meeting(org)
    holder = login(m, 0)
    first = post(holder, S1 + "/check-in/self")
    assert first.json()["changed"] == 1
    assert post(holder, S1 + "/check-in/self").json()["changed"] == 0
    assert post(holder, S1 + "/check-out/self").json()["changed"] == 1
    outsider = post(client_for(org.member_user), S1 + "/check-in/self")
    assert (outsider.status_code, outsider.json()["rule"]) == (400, "sitting.no-seat")
    assert Presence.objects.filter(left_at__isnull=True).count() == 0


def test_the_chair_gives_a_guest_the_floor(org: Org) -> None:
    m = meeting(org)
    chair = client_for(org.secretary)
    post(chair, S1 + "/check-in", {"seats": [s.pk for s in m.full[:4]] + [m.guest.pk]})
    post(chair, S1 + "/open")
    post(chair, S1 + "/agenda/adopt", {"yes": 4, "no": 0})
    post(chair, ITEM1 + "/open")
    given = post(chair, ITEM1 + "/floor/give", {"seat": m.guest.pk})
    assert given.status_code == 201 and given.json()["given_by_chair"] is True
    request_id = given.json()["id"]
    assert post(chair, ITEM1 + f"/requests/{request_id}/withdraw").json() == {"withdrawn": 1}
    assert FloorRequest.objects.get(pk=request_id).state == "withdrawn"


def test_huge_and_nul_inputs_are_refused(org: Org) -> None:
    meeting(org)
    chair = client_for(org.secretary)
    before = snapshot()
    huge = post(chair, S1 + "/items", {"title": "x" * 301, "kind": "other"})
    assert huge.status_code == 422
    nul = post(chair, S1 + "/items", {"title": "a\u0000b", "kind": "other"})
    assert nul.status_code == 400 and nul.json()["rule"] == "input.nul-byte"
    overflow = post(chair, S1 + "/check-in", {"seats": [2**40]})
    assert overflow.status_code == 422
    assert snapshot() == before
    assert Sitting.objects.count() == 1
