"""Paths nobody walked: odd paging numbers and checkpoints on the journal page and API
answer 200 or a refusal, never 500 (SQLite and PostgreSQL)."""

import pytest
from django.test import Client


@pytest.mark.parametrize(
    "q",
    [
        "before=99999999999999999999999",
        "after=99999999999999999999999",
        "before=%C2%B2",
        "before=-1",
    ],
)
def test_page(org, q):
    r = Client().get(f"/o/test-union/journal/?{q}")
    assert r.status_code in (200, 400), r.status_code


@pytest.mark.parametrize("q", ["before=99999999999999999999999", "limit=99999999999999999999"])
def test_api(org, q):
    r = Client().get(f"/api/organizations/test-union/journal?{q}")
    assert r.status_code in (200, 400, 422), r.status_code


def test_verify_checkpoint_huge(org):
    r = Client().get(
        "/api/organizations/test-union/journal/verify", {"checkpoint": "9" * 40 + ":" + "0" * 64}
    )
    assert r.status_code in (200, 400, 422), r.status_code
    r = Client().post("/o/test-union/journal/verify/", {"checkpoint": "9" * 40 + ":" + "0" * 64})
    assert r.status_code in (302, 400), r.status_code
