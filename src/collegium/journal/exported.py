"""A journal chain as a file of JSON lines, and its offline check. Pure, like chain.py:
an auditor checks an export with this module alone (`collegium verify --file`), without
the database it came from.

The file's first line describes it; each further line is one entry, in sequence order:

    {"format": "collegium-journal", "version": 1, "chain": "cpsu-1956",
     "head": "6538:9f2c…", "exported_at": "…", "complete": false}
    {"sequence": 1, "recorded_at": "…", "actor": "…", …, "previous_hash": "…", "hash": "…"}
    {"sequence": 2, "withheld": true, "previous_hash": "…", "hash": "…"}

An entry the exporting reader may not read (register data, for a member) is *withheld*:
only its sequence and hashes are written. Such an entry cannot be recomputed, but every
link still is, so the check proves that the entries shown are the ones in the chain, in
their places, and that the chain reaches the head the file names. Who reads everything
exports a complete file, every entry of which is recomputed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from collegium.journal.chain import GENESIS, ChainBreak, ChainedEntry, entry_hash
from collegium.rules.errors import RuleError
from collegium.rules.text import _

FORMAT = "collegium-journal"
VERSION = 1
# The fields of a shown entry, in the order they are written (the hash's own order).
ENTRY_FIELDS = (
    "sequence",
    "recorded_at",
    "actor",
    "channel",
    "code",
    "audience",
    "body_id",
    "object_type",
    "object_id",
    "payload",
    "previous_hash",
    "hash",
)
_WITHHELD_FIELDS = ("sequence", "withheld", "previous_hash", "hash")
_HEX = frozenset("0123456789abcdef")


def header_line(*, chain: str, head: str, exported_at: str, complete: bool) -> str:
    return _line(
        {
            "format": FORMAT,
            "version": VERSION,
            "chain": chain,
            "head": head,
            "exported_at": exported_at,
            "complete": complete,
        }
    )


def entry_line(entry: ChainedEntry) -> str:
    shown = asdict(entry)
    return _line({name: shown[name] for name in ENTRY_FIELDS})


def withheld_line(sequence: int, previous_hash: str, digest: str) -> str:
    return _line(
        {"sequence": sequence, "withheld": True, "previous_hash": previous_hash, "hash": digest}
    )


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class ExportCheck:
    chain: str
    head: str  # SEQUENCE:HASH, as the file's header names it
    shown: int  # entries recomputed from their content
    withheld: int  # entries whose links alone were checked
    broken: ChainBreak | None


class ExportFileError(RuleError):
    """The file is not a journal export: names the line and what is wrong with it."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(
            _("Line %(line)d of the journal file: %(problem)s")
            % {"line": line, "problem": problem},
            rule="journal.export-file",
        )
        self.line = line


def check_export(lines: Iterable[str | bytes]) -> ExportCheck:
    """Read an export line by line (a file object will do) and check it: every shown
    entry's hash recomputed, every link followed, the last entry the header's head.
    Raises ExportFileError for a file that is not an export; a file that is one but whose
    chain does not verify gives `broken`."""
    numbered = enumerate(lines, start=1)
    header = _header(next(numbered, (1, b"")))
    chain, (head_sequence, head_hash) = header["chain"], _checkpoint(1, header["head"])
    shown = withheld = 0
    expected_previous, expected_sequence = GENESIS, 1
    broken: ChainBreak | None = None
    for number, raw in numbered:
        data = _object(number, raw)
        if data is None:
            continue
        sequence, previous, digest = _link(number, data)
        if sequence != expected_sequence:
            broken = ChainBreak(
                sequence,
                _("entry %(missing)d is missing (found %(found)d next)")
                % {"missing": expected_sequence, "found": sequence},
            )
            break
        if previous != expected_previous:
            broken = ChainBreak(
                sequence, _("its link to the previous entry does not match that entry's hash")
            )
            break
        if data.get("withheld") is True:
            withheld += 1
        else:
            if entry_hash(chain=chain, **_content(number, data)) != digest:
                broken = ChainBreak(sequence, _("its content does not match its recorded hash"))
                break
            shown += 1
        expected_previous, expected_sequence = digest, sequence + 1
    if broken is None and expected_sequence - 1 != head_sequence:
        broken = ChainBreak(
            expected_sequence,
            _("the file ends at entry %(last)d but its head is entry %(head)d")
            % {"last": expected_sequence - 1, "head": head_sequence},
        )
    elif broken is None and expected_previous != head_hash:
        broken = ChainBreak(head_sequence, _("its hash is not the one the file's head names"))
    return ExportCheck(chain, header["head"], shown, withheld, broken)


def _header(first: tuple[int, str | bytes]) -> dict[str, Any]:
    number, raw = first
    data = _object(number, raw)
    if data is None or data.get("format") != FORMAT:
        raise ExportFileError(number, _("the first line must describe a Collegium journal export"))
    if data.get("version") != VERSION:
        raise ExportFileError(
            number,
            _("this export has version %(found)s; this program reads version %(version)d")
            % {"found": data.get("version"), "version": VERSION},
        )
    if not isinstance(data.get("chain"), str) or not isinstance(data.get("head"), str):
        raise ExportFileError(number, _("the first line must name the chain and its head"))
    return data


def _object(number: int, raw: str | bytes) -> dict[str, Any] | None:
    """One line as a JSON object; None for a blank line (a trailing newline)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ExportFileError(number, _("it is not UTF-8 text")) from None
    if not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        raise ExportFileError(number, _("it is not a JSON object")) from None
    if not isinstance(data, dict):
        raise ExportFileError(number, _("it is not a JSON object"))
    return data


def _checkpoint(number: int, text: str) -> tuple[int, str]:
    sequence, _sep, digest = text.partition(":")
    if not (sequence.isascii() and sequence.isdigit()) or not _is_hash(digest):
        raise ExportFileError(number, _("the head must be written SEQUENCE:HASH"))
    return int(sequence), digest


def _is_hash(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


def _link(number: int, data: dict[str, Any]) -> tuple[int, str, str]:
    sequence = data.get("sequence")
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
        raise ExportFileError(number, _("an entry needs a positive whole sequence number"))
    previous, digest = data.get("previous_hash"), data.get("hash")
    if not _is_hash(previous) or not _is_hash(digest):
        raise ExportFileError(
            number, _("an entry needs its hash and its predecessor's, 64 hexadecimal digits each")
        )
    expected = _WITHHELD_FIELDS if data.get("withheld") is True else ENTRY_FIELDS
    if set(data) != set(expected):
        raise ExportFileError(
            number,
            _("an entry has exactly the fields %(fields)s") % {"fields": ", ".join(expected)},
        )
    return sequence, str(previous), str(digest)


def _content(number: int, data: dict[str, Any]) -> dict[str, Any]:
    """A shown entry's fields as entry_hash takes them, their types checked."""
    texts = ("recorded_at", "actor", "channel", "code", "audience", "object_type", "object_id")
    if any(not isinstance(data[name], str) for name in texts) or not (
        data["body_id"] is None or type(data["body_id"]) is int
    ):
        raise ExportFileError(number, _("an entry's fields do not have the types of an entry"))
    return {name: data[name] for name in ENTRY_FIELDS if name != "hash"}


def read_lines(path: str) -> Iterator[bytes]:
    """A file's lines as bytes, so that bad bytes are reported with their line."""
    with open(path, "rb") as file:
        yield from file
