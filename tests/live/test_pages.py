"""The pages' side: an organization's pages point live.js at their stream, and the body
page's parts re-fetch themselves without using up flash messages."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from collegium.journal.models import JournalChain
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def test_an_organization_page_names_its_stream(org):
    url = reverse("body", args=[org.organization.slug, org.committee.slug])
    html = _client(org.member_user).get(url).content.decode()
    head = JournalChain.objects.get(organization=org.organization).last_sequence
    assert f'<body data-live-url="/o/test-union/live/" data-live-head="{head}">' in html
    assert 'src="/static/collegium/live.js"' in html
    trigger = re.search(r'hx-trigger="([^"]*)"', html)
    assert trigger is not None
    assert trigger.group(1) == (
        f"collegium:live[detail.body_id=={org.committee.pk}||detail.code=='live.reload']"
        " from:body delay:200ms"
    )
    for part in ("body-facts", "body-seats", "body-offices", "body-orders"):
        assert f'id="{part}"' in html


def test_pages_outside_an_organization_open_no_stream(org):
    html = _client().get(reverse("home")).content.decode()
    assert "data-live-url" not in html


def test_a_live_refetch_leaves_the_flash_messages_alone(org):
    client = _client(org.admin)
    url = reverse("body", args=[org.organization.slug, org.committee.slug])
    seated = client.post(
        reverse("body-seat", args=[org.organization.slug, org.committee.slug]),
        {
            "seat-member_number": "",
            "seat-guest_name": "Gina Guest",
            "seat-role": "guest",
            "seat-origin": "appointed",
        },
    )
    assert seated.status_code == 302, seated.content.decode()[:2000]
    refetch = client.get(url, headers={"HX-Request": "true"})
    assert "Gina Guest" in refetch.content.decode()
    assert 'class="messages"' not in refetch.content.decode()
    assert "now holds a seat" in client.get(url).content.decode()
    assert "now holds a seat" not in client.get(url).content.decode()
