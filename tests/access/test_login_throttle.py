"""Sign-in throttling: wrong passwords in a row lock the account, and the address, out for
a while, even for the right password; a successful sign-in clears the account's count."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD, Org


def _sign_in(username: str, password: str, address: str = "192.0.2.1") -> tuple[int, str]:
    response = Client(REMOTE_ADDR=address).post(
        "/login/", {"username": username, "password": password}
    )
    return response.status_code, response.content.decode()


@pytest.fixture
def limits(settings) -> None:
    settings.COLLEGIUM_LOGIN_FAILURES_PER_ACCOUNT = 5
    settings.COLLEGIUM_LOGIN_FAILURES_PER_ADDRESS = 20
    settings.COLLEGIUM_LOGIN_WINDOW = 15 * 60


def test_wrong_passwords_lock_the_account_out_even_for_the_right_one(org: Org, limits) -> None:
    for _ in range(5):
        status, page = _sign_in("ada", "wrong password")
        assert status == 200
        assert "Please enter a correct username and password" in page
    status, page = _sign_in("ada", PASSWORD)
    assert status == 429
    assert "Too many failed sign-ins. Try again in 15 minutes." in page
    # From another address too: the account is locked, not only the address.
    assert _sign_in("ada", PASSWORD, address="198.51.100.7")[0] == 429
    # Another account from the same address still signs in.
    assert _sign_in("sam", PASSWORD)[0] == 302


def test_the_lock_ends_when_the_window_has_passed(org: Org, limits, monkeypatch) -> None:
    import time

    for _ in range(5):
        _sign_in("ada", "wrong password")
    assert _sign_in("ada", PASSWORD)[0] == 429
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert _sign_in("ada", PASSWORD)[0] == 302


def test_a_successful_sign_in_resets_the_accounts_count(org: Org, limits) -> None:
    for _ in range(4):
        _sign_in("ada", "wrong password")
    assert _sign_in("ada", PASSWORD)[0] == 302
    for _ in range(4):
        _sign_in("ada", "wrong password")
    assert _sign_in("ada", PASSWORD)[0] == 302


def test_many_accounts_from_one_address_lock_the_address_out(org: Org, limits) -> None:
    for number in range(20):
        assert _sign_in(f"guess{number}", "wrong password")[0] == 200
    status, page = _sign_in("sam", PASSWORD)
    assert status == 429
    assert "Too many failed sign-ins" in page
    assert _sign_in("sam", PASSWORD, address="198.51.100.7")[0] == 302


def test_the_api_session_and_tokens_are_not_throttled(org: Org, limits) -> None:
    for _ in range(5):
        _sign_in("ada", "wrong password")
    client = Client()
    client.force_login(org.admin)
    assert client.get("/api/tokens").status_code == 200


def test_a_burst_of_failures_from_many_threads_loses_no_count(settings) -> None:
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from django.core.cache import cache
    from django.test import RequestFactory

    from collegium.access.login import record_failure, refused_until

    settings.COLLEGIUM_LOGIN_FAILURES_PER_ACCOUNT = 50
    settings.COLLEGIUM_LOGIN_FAILURES_PER_ADDRESS = 1000
    settings.COLLEGIUM_LOGIN_WINDOW = 60
    cache.clear()
    request = RequestFactory().post("/login/", REMOTE_ADDR="192.0.2.9")
    assert refused_until(request, "burst") is None
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads interleave as much as they can
    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            list(pool.map(lambda _: record_failure(request, "burst"), range(49)))
    finally:
        sys.setswitchinterval(switching)
    assert refused_until(request, "burst") is None
    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(lambda _: record_failure(request, "burst"), range(1)))
    assert refused_until(request, "burst") is not None
