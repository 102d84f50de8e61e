"""Ballots under pressure, over HTTP against real servers (PostgreSQL only): one voter's
200 simultaneous attempts give one ballot; casting that races the close loses no
acknowledged ballot and counts no refused one; a server killed (SIGKILL) in the middle of
a burst loses no acknowledged ballot, and the count after restart is right."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from collegium.access.actions import issue_token
from collegium.journal.actors import SYSTEM
from collegium.voting import actions
from collegium.voting.models import Ballot, Participation, Vote
from tests.concurrency.databases import postgres_only
from tests.concurrency.http import post_json
from tests.journal.chains import assert_all_intact
from tests.voting.congress import Congress, congress

pytestmark = [
    pytest.mark.django_db(transaction=True),
    postgres_only("bursts of connections and a killed server are PostgreSQL's concern"),
]
ROOT = Path(__file__).resolve().parents[2]
VOTES = "/api/organizations/test-union/bodies/congress/sittings/1/votes"


def _tokens(users: list[User]) -> list[str]:
    return [issue_token(actor=SYSTEM, user=user, name="vote")[1] for user in users]


def _at_once(calls: list[tuple[str, str, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
    start = threading.Barrier(len(calls))

    def call(args: tuple[str, str, dict[str, Any]]) -> tuple[int, dict[str, Any]]:
        start.wait(timeout=60)
        return post_json(*args)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(call, calls))


def _secret_vote(c: Congress) -> Vote:
    return actions.open_vote(actor=c.chair, sitting=c.sitting, subject="Q", form="secret")


def test_one_voter_casting_200_times_at_once_gives_one_ballot(org: Any, live_server: Any) -> None:
    c = congress(org, 3)
    vote = _secret_vote(c)
    (token,) = _tokens(c.users[:1])
    url = live_server.url + VOTES + "/1/ballot"

    answers = _at_once([(url, token, {"choice": "yes"})] * 200)

    statuses = sorted(status for status, _body in answers)
    assert statuses == [201] + [400] * 199, statuses[:5]
    assert {body["rule"] for status, body in answers if status == 400} == {"vote.already-voted"}
    assert Participation.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert_all_intact()


def test_casting_racing_the_close_counts_every_acknowledged_ballot_only(
    org: Any, live_server: Any
) -> None:
    voters = 60
    c = congress(org, voters)
    vote = _secret_vote(c)
    tokens = _tokens(c.users)
    chair = issue_token(actor=SYSTEM, user=User.objects.get(pk=c.chair.user.pk), name="chair")[1]  # type: ignore[union-attr]
    url = live_server.url + VOTES + "/1"
    calls = [
        (url + "/ballot", token, {"choice": "no" if i % 3 else "yes"})
        for i, token in enumerate(tokens)
    ]
    # The close is released with the casts, in the middle of them.
    calls.insert(voters // 2, (url + "/close", chair, {}))

    answers = _at_once(calls)

    close_status, closed = answers.pop(voters // 2)
    assert close_status == 200, closed
    acknowledged = {body["receipt"].replace("-", "") for status, body in answers if status == 201}
    refused = [body["rule"] for status, body in answers if status != 201]
    assert set(refused) <= {"vote.closed"}, refused
    assert len(acknowledged) + len(refused) == voters
    box = set(Ballot.objects.filter(vote=vote).values_list("receipt", flat=True))
    assert box == acknowledged
    result = closed["result"]
    assert result["yes"] + result["no"] + result["abstain"] == len(acknowledged)
    assert_all_intact()


def _server(port: int, log: Path) -> subprocess.Popen[bytes]:
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://{USER}@{HOST}:{port}/{NAME}".format(
            port=settings["PORT"] or 5432, **settings
        ),
        "COLLEGIUM_LIVE_BACKEND": "memory",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "collegium.settings",
    }
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "collegium",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5):
                return process
        except OSError:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)


def test_a_server_killed_mid_burst_loses_no_acknowledged_ballot(org: Any, tmp_path: Path) -> None:
    from bench.live_fanout import free_port

    voters = 150
    c = congress(org, voters)
    vote = _secret_vote(c)
    tokens = _tokens(c.users)
    port = free_port()
    log = tmp_path / "server.log"
    server = _server(port, log)
    url = f"http://127.0.0.1:{port}{VOTES}/1/ballot"
    answers: list[tuple[int, dict[str, Any]] | None] = [None] * voters

    def cast(index: int) -> None:
        request = urllib.request.Request(
            url,
            data=json.dumps({"choice": "yes" if index % 2 else "no"}).encode(),
            headers={
                "Authorization": f"Bearer {tokens[index]}",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                answers[index] = (response.status, json.loads(response.read()))
        except urllib.error.HTTPError as refused:
            answers[index] = (refused.code, json.loads(refused.read()))
        except (OSError, http.client.HTTPException):
            # No answer, or one cut off before its body (the receipt) arrived: the server
            # died under it, and the ballot was not acknowledged.
            answers[index] = None

    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            futures = [pool.submit(cast, i) for i in range(voters)]
            # Kill the server once some ballots are acknowledged, others still in flight.
            deadline = time.monotonic() + 60
            while sum(a is not None for a in answers) < voters // 3:
                assert time.monotonic() < deadline
                time.sleep(0.005)
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=30)
            for future in futures:
                future.result()
    finally:
        if server.poll() is None:
            server.kill()
    acknowledged = {
        body["receipt"].replace("-", "")
        for answer in answers
        if answer is not None and answer[0] == 201
        for body in [answer[1]]
    }
    assert 0 < len(acknowledged) < voters
    unanswered = [i for i, a in enumerate(answers) if a is None]
    assert unanswered  # the kill did come in the middle of the burst

    # After a restart, whoever got no answer votes again: a ballot committed before the
    # kill answers "already voted", one that was not is cast now.
    restarted = _server(port, log)
    try:
        for index in unanswered:
            cast(index)
    finally:
        restarted.terminate()
        restarted.wait(timeout=30)
    for index in unanswered:
        answer = answers[index]
        assert answer is not None and (
            answer[0] == 201 or answer[1]["rule"] == "vote.already-voted"
        ), answer
        if answer[0] == 201:
            acknowledged.add(answer[1]["receipt"].replace("-", ""))

    closed = actions.close_vote(actor=c.chair, vote=vote)
    box = set(Ballot.objects.filter(vote=vote).values_list("receipt", flat=True))
    assert acknowledged <= box
    assert len(box) == Participation.objects.filter(vote=vote).count() == voters
    assert (closed.yes or 0) + (closed.no or 0) == voters
    assert_all_intact()


def test_200_attempts_of_one_voter_on_the_lean_path_give_one_ballot(
    org: Any, tmp_path: Path
) -> None:
    """The same through `collegium serve`, where a ballot with a token is batched
    (voting/fast.py): the 200 attempts fall into batches together, and still one counts."""
    from bench.live_fanout import free_port

    c = congress(org, 40)
    vote = _secret_vote(c)
    tokens = _tokens(c.users)
    port = free_port()
    server = _server(port, tmp_path / "server.log")
    url = f"http://127.0.0.1:{port}{VOTES}/1/ballot"
    try:
        calls = [(url, tokens[0], {"choice": "yes"})] * 200
        calls += [(url, token, {"choice": "no"}) for token in tokens[1:]]
        answers = _at_once(calls)
    finally:
        server.terminate()
        server.wait(timeout=30)
    mine = sorted(status for status, _body in answers[:200])
    assert mine == [201] + [400] * 199, mine[:3]
    assert [status for status, _body in answers[200:]] == [201] * 39
    assert Participation.objects.filter(vote=vote).count() == 40
    assert Ballot.objects.filter(vote=vote).count() == 40
    assert_all_intact()
