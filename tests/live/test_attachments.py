"""Events that carry an update (live/attachments.py): built once per process, entry and
language, however many readers wait for it; a builder that fails or has nothing to say
leaves the plain event, so the page re-fetches as usual."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from django.utils.translation import get_language

from collegium.live import attachments
from collegium.live.events import LiveEvent
from collegium.live.stream import AttachedFrames, frame
from tests.live.conftest import event, run_async


def data_of(encoded: bytes) -> dict[str, Any]:
    (line,) = [x for x in encoded.decode().split("\n") if x.startswith("data: ")]
    parsed: dict[str, Any] = json.loads(line.removeprefix("data: "))
    return parsed


def test_built_once_for_many_readers_in_their_language() -> None:
    built: list[tuple[int, str]] = []

    def builder(item: LiveEvent) -> dict[str, Any]:
        built.append((item.sequence, get_language()))
        return {"language": get_language()}

    frames = AttachedFrames()
    hint = event(7, code="sitting.speaker.called")

    async def scenario() -> list[bytes]:
        readers = [frames.get(hint, "en", builder) for _ in range(50)]
        readers.append(frames.get(hint, "de", builder))
        return list(await asyncio.gather(*readers))

    answers = run_async(scenario)
    assert sorted(built) == [(7, "de"), (7, "en")]
    assert len(set(answers[:50])) == 1
    assert data_of(answers[0])["attached"] == {"language": "en"}
    assert data_of(answers[50])["attached"] == {"language": "de"}
    assert data_of(answers[0])["sequence"] == 7
    assert answers[0].startswith(b"id: test-union:7\nevent: sitting.speaker.called\n")


def test_a_failing_or_empty_builder_leaves_the_plain_event(caplog: Any) -> None:
    def failing(_item: LiveEvent) -> dict[str, Any]:
        raise RuntimeError("the database is gone")

    frames = AttachedFrames()
    first, second = event(1), event(2)
    assert run_async(lambda: frames.get(first, "en", failing)) == frame(first)
    assert "building the attachment of" in caplog.text
    assert run_async(lambda: frames.get(second, "en", lambda _item: None)) == frame(second)


def test_an_update_is_not_kept_beyond_its_moment() -> None:
    calls: list[int] = []

    def builder(_item: LiveEvent) -> dict[str, Any]:
        calls.append(1)
        return {"n": len(calls)}

    frames = AttachedFrames(max_age=0.0)
    hint = event(3)
    run_async(lambda: frames.get(hint, "en", builder))
    again = run_async(lambda: frames.get(hint, "en", builder))
    assert data_of(again)["attached"] == {"n": 2}


def test_one_builder_per_code() -> None:
    def mine(_item: LiveEvent) -> None:
        return None

    code = "sitting.speaker.called"
    known = attachments.attachment_for(code)
    assert known is not None  # the meetings app registered it
    assert known.audience == "members"
    attachments.register([code], known.build, audience=known.audience)  # the same again
    with pytest.raises(ValueError, match="already has an attachment"):
        attachments.register([code], mine, audience=known.audience)
    with pytest.raises(ValueError, match="already has an attachment"):
        attachments.register([code], known.build, audience="public")
