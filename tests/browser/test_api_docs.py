"""The interactive API docs render from the vendored Swagger UI, with no request leaving
the machine, and can call the API."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import sign_in
from tests.test_openapi import EXPECTED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def test_docs_list_every_endpoint_without_outside_requests(page: Page, org) -> None:
    requested: list[str] = []

    def note(request: Request) -> None:
        requested.append(request.url)

    page.on("request", note)
    response = page.goto("/api/docs")
    assert response is not None and response.status == 200
    # Swagger UI renders the whole document in the browser: on a loaded
    # 2-core machine that takes more than the default 5 s.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "Collegium API", timeout=30_000
    )
    operations = page.locator(".opblock")
    expect(operations).to_have_count(len(EXPECTED))
    expect(page.locator(".opblock-tag", has_text="standing orders")).to_be_visible()

    # Try one endpoint from the page, as a reader of the docs would.
    # Opening an operation changes the address's fragment; on a loaded machine
    # Swagger UI takes longer than the default 10 s to settle after it.
    page.locator("#operations-organizations-list_organizations .opblock-summary").click(
        timeout=30_000
    )
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_contain_text(
        "200"
    )
    expect(page.locator(".live-responses-table .microlight").first).to_contain_text("test-union")

    assert any(url.endswith("/api/openapi.json") for url in requested)
    outside = [
        url
        for url in requested
        if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
        and urlsplit(url).hostname not in LOCAL_HOSTS
    ]
    assert outside == []


def test_signed_in_reader_tries_the_register_from_the_docs(page: Page, org) -> None:
    sign_in(page, "sam")
    page.goto("/api/docs")
    operation = page.locator("#operations-register-search_register")
    # As above: the whole document is rendered in the browser first.
    expect(operation.locator(".opblock-summary")).to_be_visible(timeout=30_000)
    operation.locator(".opblock-summary").click(timeout=30_000)
    operation.get_by_role("button", name="Try it out").click()
    operation.locator('input[placeholder="slug"]').fill("test-union")
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_contain_text("200")
    expect(operation.locator(".live-responses-table .microlight").first).to_contain_text(
        "Mia Member"
    )
