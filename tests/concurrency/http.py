"""Posting to a test server from many threads at once."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any


def post_json(url: str, token: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST `payload` with an API token; the status and the JSON answer."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    # The test server listens with a small backlog: a connection it resets was never
    # read, so the client sends it again, as a browser would.
    for _attempt in range(40):
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read())
        except (ConnectionResetError, urllib.error.URLError):
            time.sleep(0.05)
    raise AssertionError("the server never accepted the connection")
