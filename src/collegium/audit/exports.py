"""The journal export as a download, for the page and the API alike."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from itertools import islice

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse

from collegium.access.visibility import ReaderScope
from collegium.journal.models import JournalChain
from collegium.journal.queries import export_lines, head_of

CONTENT_TYPE = "application/x-ndjson; charset=utf-8"
# Lines read from the database per step of the download.
CHUNK_LINES = 1000


def export_response(
    request: HttpRequest, name: str, chain: JournalChain, scope: ReaderScope
) -> StreamingHttpResponse:
    """Streamed: a long journal is written as it is read, never held whole in memory.
    The file name carries the head, so two exports of one chain are told apart."""
    lines = export_lines(chain, visible=scope.entry_filter(), may_see=scope.may_see)
    # Under ASGI (the server) Django streams only an asynchronous iterator: a synchronous
    # one it would first read whole into memory. The database is read in the thread that
    # sync code runs in, a chunk at a time.
    content = _async_chunks(lines) if isinstance(request, ASGIRequest) else _chunks(lines)
    response = StreamingHttpResponse(content, content_type=CONTENT_TYPE)
    filename = f"{name.lstrip('@')}-journal-{head_of(chain).sequence}.jsonl"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _chunks(lines: Iterator[str]) -> Iterator[str]:
    while chunk := "".join(islice(lines, CHUNK_LINES)):
        yield chunk


async def _async_chunks(lines: Iterator[str]) -> AsyncIterator[str]:
    def take() -> str:
        return "".join(islice(lines, CHUNK_LINES))

    while chunk := await sync_to_async(take, thread_sensitive=True)():
        yield chunk
