"""The lean path for ballots (voting/fast.py), driven as an ASGI server would: a voter's
ballot with an API token is answered there, once committed; everything else reaches the
application behind it with its body intact."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from asgiref.sync import async_to_sync

from collegium.access.actions import issue_token, revoke_token
from collegium.journal.actors import SYSTEM
from collegium.voting import actions
from collegium.voting.fast import FastBallots
from collegium.voting.models import Ballot, Participation, Vote
from tests.conftest import Org
from tests.voting.helpers import sitting_open

pytestmark = pytest.mark.django_db(transaction=True)
BALLOT = "/api/organizations/test-union/bodies/cc/sittings/1/votes/1/ballot"


class Behind:
    """The application behind the lean path: records what reached it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bytes]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.calls.append((scope["path"], body))
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def _post(app: FastBallots, body: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []
    chunks = [body[:5], body[5:]]

    async def receive() -> dict[str, Any]:
        chunk = chunks.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": BALLOT, "headers": headers}
    # In a thread of its own: a browser test run before in this process leaves
    # Playwright's event loop running in the main thread.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(async_to_sync(app), scope, receive, send).result()
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def _token(user: Any, scope: str = "write") -> list[tuple[bytes, bytes]]:
    _row, secret = issue_token(actor=SYSTEM, user=user, name="fast", scope=scope)
    return [(b"authorization", f"Bearer {secret}".encode())]


def test_a_voters_ballot_is_answered_on_the_lean_path_once_committed(org: Org) -> None:
    m = sitting_open(org)
    actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Q", form="secret")
    behind = Behind()
    app = FastBallots(behind)
    voter = m.full[0].member.user  # type: ignore[union-attr]

    status, body = _post(app, b'{"choice": "yes"}', _token(voter))

    assert status == 201 and behind.calls == []
    receipt = json.loads(body)["receipt"].replace("-", "")
    assert Ballot.objects.get(receipt=receipt).content == "yes"
    assert Participation.objects.count() == 1

    # A second ballot is refused here, in the caller's language, as the API would.
    german = [*_token(voter), (b"accept-language", b"de-DE,de;q=0.9")]
    status, body = _post(app, b'{"choice": "no"}', german)
    assert status == 400 and behind.calls == []
    assert json.loads(body) == {
        "detail": "Sie haben in dieser Abstimmung bereits abgestimmt; eine abgegebene Stimme "
        "ist endgültig.",
        "rule": "vote.already-voted",
        "problems": [],
    }
    assert Participation.objects.count() == 1
    # Any other refusal goes to Django, the body intact: a choice the orders' forms
    # cannot take there is refused by the API's own answer.
    actions.close_vote(actor=m.chair, vote=Vote.objects.get())
    status, body = _post(app, b'{"choice": "no"}', _token(m.full[2].member.user))  # type: ignore[union-attr]
    assert status == 400 and json.loads(body)["rule"] == "vote.closed"


def test_what_is_not_a_voters_plain_ballot_goes_to_django(org: Org) -> None:
    m = sitting_open(org)
    actions.open_vote(actor=m.chair, sitting=m.sitting, subject="Q")
    behind = Behind()
    app = FastBallots(behind)
    voter = m.full[1].member.user  # type: ignore[union-attr]
    revoked_row, revoked = issue_token(actor=SYSTEM, user=voter, name="gone")  # type: ignore[arg-type]
    revoke_token(actor=SYSTEM, token=revoked_row)
    attempts = [
        (b'{"choice": "perhaps"}', _token(voter)),
        # Revoked a moment ago: the batch checks the token, there is no cache to outlive it.
        (b'{"choice": "yes"}', [(b"authorization", f"Bearer {revoked}".encode())]),
        (b'{"choice": "yes"}', [(b"authorization", b"Bearer \x00\xff" + b"x" * 4000)]),
        (b"not json\x00", _token(voter)),
        (b'{"choice": "yes"}', _token(voter, scope="read")),
        (b'{"choice": "yes"}', [(b"authorization", b"Bearer unknown")]),
        (b'{"choice": "yes"}', [*_token(voter), (b"cookie", b"sessionid=x")]),
        (b'{"choice": "yes"}', _token(m.alternates[1].member.user)),  # type: ignore[union-attr]
        (b'{"choice": "yes"}', _token(org.outsider)),
    ]
    for body, headers in attempts:
        assert _post(app, body, headers)[0] == 299
    assert [body for _path, body in behind.calls] == [body for body, _h in attempts]
    assert not Participation.objects.exists()
