"""The journal as a file of JSON lines (journal/exported.py) and its offline check: staff
export every entry, other readers get the entries they may read and the rest withheld to
their hashes; `collegium verify --file` checks either without the database, and names
the line of a file that is not an export."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from typer.testing import CliRunner

from collegium.cli import _register, app
from collegium.journal.exported import ExportFileError, check_export
from tests.journal.chains import ORG, chain, entries_of

pytestmark = pytest.mark.django_db


def _export(client: Client, url: str = f"/o/{ORG}/journal/export/") -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return body.decode().splitlines(keepends=True)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_export_every_entry_and_it_verifies(org) -> None:
    lines = _export(_signed_in(org.admin))
    header = json.loads(lines[0])
    assert header["format"] == "collegium-journal"
    assert header["chain"] == ORG
    assert header["complete"] is True
    assert len(lines) - 1 == entries_of().count()
    assert not any(json.loads(line).get("withheld") for line in lines[1:])
    result = check_export(lines)
    assert result.broken is None
    assert (result.shown, result.withheld) == (entries_of().count(), 0)
    assert result.head == f"{chain().last_sequence}:{chain().last_hash}"


@pytest.mark.parametrize("reader", ["member", "visitor"])
def test_others_get_register_entries_withheld_and_every_link_still_checks(org, reader) -> None:
    client = _signed_in(org.member_user) if reader == "member" else Client()
    lines = _export(client)
    assert json.loads(lines[0])["complete"] is False
    text = "".join(lines)
    # The register's data stays with the staff: the member's name and number are absent.
    assert org.member.name not in text
    assert '"register.member.added"' not in text
    withheld = [json.loads(line) for line in lines[1:] if '"withheld"' in line]
    assert withheld and set(withheld[0]) == {"sequence", "withheld", "previous_hash", "hash"}
    result = check_export(lines)
    assert result.broken is None
    assert result.withheld == len(withheld)
    assert result.shown + result.withheld == entries_of().count()


def test_the_api_gives_the_same_file(org) -> None:
    client = _signed_in(org.admin)
    page = _export(client)
    api = _export(client, f"/api/organizations/{ORG}/journal/export")
    # Only the moment of export differs.
    assert page[1:] == api[1:]
    assert Client().get("/api/organizations/no-such/journal/export").status_code == 404


def _tampered(lines: list[str], index: int, **changes: object) -> list[str]:
    entry = json.loads(lines[index])
    entry.update(changes)
    return [*lines[:index], json.dumps(entry) + "\n", *lines[index + 1 :]]


def test_a_changed_entry_a_missing_one_and_a_cut_end_are_found(org) -> None:
    lines = _export(_signed_in(org.admin))
    changed = check_export(_tampered(lines, 2, actor="someone else"))
    assert changed.broken is not None and changed.broken.sequence == 2
    assert "content" in changed.broken.reason
    missing = check_export([*lines[:2], *lines[3:]])
    assert missing.broken is not None and "entry 2 is missing" in missing.broken.reason
    cut = check_export(lines[:-1])
    assert cut.broken is not None and "ends at entry" in cut.broken.reason
    # A withheld line cannot stand in for a shown entry with another hash.
    relinked = _tampered(lines, 2, hash="f" * 64)
    assert check_export(relinked).broken is not None


@pytest.mark.parametrize(
    ("lines", "line", "problem"),
    [
        ([], 1, "describe a Collegium journal export"),
        (['{"format": "other"}\n'], 1, "describe a Collegium journal export"),
        (['{"format": "collegium-journal", "version": 2}\n'], 1, "version 2"),
        ([b"\xff\xfe\n"], 1, "not UTF-8"),
        (["HEADER", "[1, 2]\n"], 2, "not a JSON object"),
        (["HEADER", "{not json\n"], 2, "not a JSON object"),
        (["HEADER", '{"sequence": "1"}\n'], 2, "positive whole sequence"),
        (["HEADER", '{"sequence": 1, "previous_hash": "00", "hash": "00"}\n'], 2, "64 hex"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_naming_the_line(
    lines: list[str | bytes], line: int, problem: str
) -> None:
    header = '{"format": "collegium-journal", "version": 1, "chain": "x", "head": "1:%s"}\n' % (
        "0" * 64
    )
    given = [header if item == "HEADER" else item for item in lines]
    with pytest.raises(ExportFileError) as refused:
        check_export(given)
    assert refused.value.line == line
    assert refused.value.rule == "journal.export-file"
    assert problem in str(refused.value)


def test_an_entry_with_extra_or_mistyped_fields_is_refused(org) -> None:
    lines = _export(_signed_in(org.admin))
    with pytest.raises(ExportFileError, match="exactly the fields"):
        check_export(_tampered(lines, 1, extra=1))
    with pytest.raises(ExportFileError, match="types of an entry"):
        check_export(_tampered(lines, 1, body_id="1"))


def _invoke(*args: str):
    _register()
    return CliRunner().invoke(app, list(args))


@pytest.mark.django_db(transaction=True)
def test_the_cli_exports_a_chain_and_verifies_the_file_offline(org, tmp_path: Path) -> None:
    target = tmp_path / "journal.jsonl"
    written = _invoke("journal", "export", "--organization", ORG, "--output", str(target))
    assert written.exit_code == 0, written.output
    checked = _invoke("verify", "--file", str(target))
    assert checked.exit_code == 0, checked.output
    count = entries_of().count()
    assert f"{count} entries verified" in checked.output
    head = f"{chain().last_sequence}:{chain().last_hash}"
    assert _invoke("verify", "--file", str(target), "--checkpoint", head).exit_code == 0
    lines = target.read_text().splitlines(keepends=True)
    target.write_text("".join(_tampered(lines, 1, actor="forger")))
    broken = _invoke("verify", "--file", str(target))
    assert broken.exit_code == 1
    assert "entry 1 does not verify" in broken.output
    target.write_bytes(b"\x00garbage\n")
    refused = _invoke("verify", "--file", str(target))
    assert refused.exit_code == 1
    assert "Line 1 of the journal file" in refused.output
    absent = _invoke("verify", "--file", str(tmp_path / "absent.jsonl"))
    assert absent.exit_code == 1 and "cannot read" in absent.output


@pytest.mark.django_db(transaction=True)
def test_under_asgi_the_export_is_streamed_in_chunks(org, monkeypatch) -> None:
    """The server (ASGI) gets an asynchronous iterator, which it streams chunk by chunk;
    a synchronous one it would read whole into memory first (with a warning, an error
    here)."""
    from asgiref.sync import sync_to_async
    from django.db import connections
    from django.test import AsyncClient

    from collegium.audit import exports

    monkeypatch.setattr(exports, "CHUNK_LINES", 2)
    client = AsyncClient()
    client.force_login(org.admin)

    async def download() -> tuple[bool, list[bytes]]:
        response = await client.get(f"/o/{ORG}/journal/export/")
        assert response.status_code == 200
        streamed: Any = response  # a StreamingHttpResponse with an async iterator
        chunks = [chunk async for chunk in streamed.streaming_content]
        # The view ran in asgiref's sync thread: close its connection there, or the test
        # database cannot be dropped (PostgreSQL).
        await sync_to_async(connections.close_all)()
        return streamed.is_async, chunks

    # In a thread of its own: a browser test's event loop may be running in this one.
    with ThreadPoolExecutor(1) as thread:
        is_async, chunks = thread.submit(asyncio.run, download()).result()
    assert is_async
    assert len(chunks) > 1
    lines = b"".join(chunks).decode().splitlines(keepends=True)
    assert check_export(lines).broken is None
