from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_openapi_docs_page_loads(page: Page) -> None:
    response = page.goto("/api/docs")
    assert response is not None and response.status == 200
