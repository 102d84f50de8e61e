"""The one path to a body's standing orders in force (bodies/orders.py): which version
governs at a moment, versions scheduled for later, refusals of a date in the past or
before the version in force, parsing once per version, and every reader agreeing."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collegium.bodies import orders as orders_module
from collegium.bodies.actions import adopt_standing_orders
from collegium.bodies.models import StandingOrders
from collegium.bodies.orders import in_force_for, orders_in_force, versions_of
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.document import parse_standing_orders
from collegium.rules.standing_orders.presets import PRESETS

HOUR = datetime.timedelta(hours=1)


def _adopt(org, title: str, preset: str, *, at: datetime.datetime | None = None):
    return adopt_standing_orders(
        actor=SYSTEM,
        body=org.committee,
        title=title,
        document=PRESETS[preset],
        effective_from=at,
    )


def test_a_body_without_orders_has_none_in_force(org):
    assert orders_in_force(org.committee) is None


def test_the_latest_version_in_force_governs_now(org):
    _adopt(org, "1956 practice", "1956-practice")
    second = _adopt(org, "Lenin-era", "lenin-era")
    found = orders_in_force(org.committee)
    assert found is not None
    assert found.version == second
    assert found.rules is not None
    assert found.rules.to_document() == second.document


def test_a_moment_in_the_past_gets_the_version_then_in_force(org):
    first = _adopt(org, "1956 practice", "1956-practice")
    opened = timezone.now()  # a sitting opened here stays bound to version 1
    second = _adopt(org, "Lenin-era", "lenin-era")
    at_opening = orders_in_force(org.committee, at=opened)
    assert at_opening is not None and at_opening.version == first
    now = orders_in_force(org.committee)
    assert now is not None and now.version == second
    before_any = orders_in_force(org.committee, at=first.effective_from - HOUR)
    assert before_any is None


def test_a_version_scheduled_for_later_takes_effect_then(org):
    first = _adopt(org, "1956 practice", "1956-practice")
    later = timezone.now() + 24 * HOUR
    second = _adopt(org, "Lenin-era", "lenin-era", at=later)
    found = orders_in_force(org.committee)
    assert found is not None and found.version == first
    then = orders_in_force(org.committee, at=later + HOUR)
    assert then is not None and then.version == second
    entry = JournalEntry.objects.filter(code="body.orders.adopted").latest("pk")
    assert entry.payload["effective_from"] == later.isoformat()


def test_orders_cannot_take_effect_in_the_past(org):
    with pytest.raises(RuleError, match="cannot take effect in the past") as refused:
        _adopt(org, "Backdated", "1956-practice", at=timezone.now() - 24 * HOUR)
    assert refused.value.rule == "orders.effective-from"
    assert not StandingOrders.objects.exists()


def test_a_later_version_cannot_take_effect_before_the_one_scheduled(org):
    _adopt(org, "Scheduled", "1956-practice", at=timezone.now() + 48 * HOUR)
    with pytest.raises(RuleError, match="a later version cannot take effect before it") as no:
        _adopt(org, "Sooner", "lenin-era", at=timezone.now() + 24 * HOUR)
    assert no.value.rule == "orders.effective-from"
    assert [v.version for v in versions_of(org.committee)] == [1]


def test_each_version_is_parsed_once(org):
    _adopt(org, "Lenin-era", "lenin-era")
    orders_module._parsed.clear()
    with mock.patch(
        "collegium.bodies.orders.parse_standing_orders", wraps=parse_standing_orders
    ) as parse:
        for _ in range(3):
            assert orders_in_force(org.committee) is not None
    assert parse.call_count == 1


def test_several_bodies_in_one_query(org, django_assert_num_queries):
    _adopt(org, "Lenin-era", "lenin-era")
    with django_assert_num_queries(1):
        found = in_force_for([org.committee.pk, 999_999])
    assert list(found) == [org.committee.pk]


def test_the_page_the_api_and_the_home_page_show_the_same_version(org):
    _adopt(org, "1956 practice", "1956-practice")
    _adopt(org, "Lenin-era", "lenin-era")
    _adopt(org, "Future rules", "1956-practice", at=timezone.now() + 24 * HOUR)
    client = Client()
    api = client.get("/api/organizations/test-union/bodies/cc/standing-orders").json()
    assert api["current"]["version"] == 2
    assert [v["version"] for v in api["versions"]] == [3, 2, 1]
    page = client.get(reverse("body", args=["test-union", "cc"])).content.decode()
    orders = page[page.index('id="orders-heading"') :]
    assert "<strong>Lenin-era</strong>" in orders
    assert "Version 3, Future rules, takes effect on" in orders
    home = client.get(reverse("organization", args=["test-union"])).content.decode()
    assert "Lenin-era" in home
    assert "Future rules" not in home
