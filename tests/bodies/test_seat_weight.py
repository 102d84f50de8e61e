"""Changing a full seat's vote weight without vacating it (a delegation that grew or
shrank): the action with its refusals, the API and the seat's page. A vote already open
keeps the weights fixed at its opening."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from collegium.access.permissions import NotPermitted
from collegium.bodies.actions import reweigh_seat, seat_member, vacate_seat
from collegium.bodies.models import Body, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from collegium.rules.errors import RuleError
from tests.conftest import Org

pytestmark = pytest.mark.django_db


def _seat(org: Org, number: str, role: SeatRole = SeatRole.FULL) -> Seat:
    member = register_member(
        actor=SYSTEM, organization=org.organization, number=number, name=f"Delegate {number}"
    )
    return seat_member(
        actor=SYSTEM, body=org.committee, member=member, role=role, origin=SeatOrigin.ELECTED
    )


def _refused(rule: str, work: Callable[[], object]) -> RuleError:
    with pytest.raises(RuleError) as refusal:
        work()
    assert refusal.value.rule == rule, refusal.value
    return refusal.value


def test_a_full_seat_is_reweighed_and_journaled(org: Org) -> None:
    seat = _seat(org, "W-1")
    revision = Body.objects.get(pk=org.committee.pk).revision
    changed = reweigh_seat(
        actor=Actor.page(org.secretary), seat=seat, weight=Decimal("2.5"), reason="Unit grew"
    )
    assert changed.pk == seat.pk and changed.vacated_on is None
    assert Seat.objects.get(pk=seat.pk).weight == Decimal("2.5")
    entry = JournalEntry.objects.filter(code="body.seat.reweighed").get()
    assert entry.payload == {
        "body": org.committee.slug,
        "member": "W-1",
        "weight": "2.5",
        "previous_weight": "1.000",
        "reason": "Unit grew",
    }
    # Forms made before the change are stale now.
    assert Body.objects.get(pk=org.committee.pk).revision == revision + 1


def test_refusals_change_nothing(org: Org) -> None:
    seat = _seat(org, "W-1")
    alternate = _seat(org, "A-1", SeatRole.ALTERNATE)
    secretary = Actor.page(org.secretary)
    for bad in (Decimal(0), Decimal("-1"), Decimal("1.0005"), Decimal(2_000_000)):
        with pytest.raises(RuleError) as refusal:
            reweigh_seat(actor=secretary, seat=seat, weight=bad, reason="r")
        assert refusal.value.rule == "seat.weight"
    _refused(
        "seat.weight",
        lambda: reweigh_seat(actor=secretary, seat=alternate, weight=Decimal(2), reason="r"),
    )
    _refused(
        "seat.weight-unchanged",
        lambda: reweigh_seat(actor=secretary, seat=seat, weight=Decimal(1), reason="r"),
    )
    _refused(
        "seat.weight-reason",
        lambda: reweigh_seat(actor=secretary, seat=seat, weight=Decimal(2), reason="  "),
    )
    with pytest.raises(NotPermitted):
        reweigh_seat(actor=Actor.page(org.member_user), seat=seat, weight=Decimal(2), reason="mine")
    vacate_seat(actor=secretary, seat=seat, reason="Resigned")
    _refused(
        "seat.already-vacant",
        lambda: reweigh_seat(actor=secretary, seat=seat, weight=Decimal(2), reason="r"),
    )
    assert Seat.objects.get(pk=seat.pk).weight == 1
    assert not JournalEntry.objects.filter(code="body.seat.reweighed").exists()


def test_the_api_changes_a_weight_and_names_the_rule_of_a_refusal(org: Org) -> None:
    seat = _seat(org, "W-1")
    url = f"/api/organizations/test-union/bodies/{org.committee.slug}/seats/{seat.pk}/weight"
    client = Client()
    client.force_login(org.secretary)
    done = client.post(url, {"weight": "3", "reason": "Unit grew"}, "application/json")
    assert done.status_code == 200, done.content
    assert Decimal(done.json()["weight"]) == 3
    again = client.post(url, {"weight": "3", "reason": "twice"}, "application/json")
    assert again.status_code == 400 and again.json()["rule"] == "seat.weight-unchanged"
    missing = client.post(
        url.replace(f"/{seat.pk}/", "/999999/"), {"weight": "2", "reason": "r"}, "application/json"
    )
    assert missing.status_code == 404
    member = Client()
    member.force_login(org.member_user)
    assert member.post(url, {"weight": "4", "reason": "r"}, "application/json").status_code == 403
    assert Seat.objects.get(pk=seat.pk).weight == 3


def test_the_seats_page_changes_a_weight_and_shows_a_refusal(org: Org) -> None:
    seat = _seat(org, "W-1")
    args = [org.organization.slug, org.committee.slug, seat.pk]
    page, post = reverse("body-vacate-seat", args=args), reverse("body-reweigh-seat", args=args)
    client = Client()
    client.force_login(org.secretary)
    assert "Change the vote weight" in client.get(page).content.decode()
    refused = client.post(post, {"reweigh-weight": "1", "reweigh-reason": "none"}, follow=True)
    html = refused.content.decode()
    assert "The seat&#x27;s vote weight is 1.000 already." in html
    assert 'value="none"' in html  # the form comes back as sent
    done = client.post(post, {"reweigh-weight": "1.5", "reweigh-reason": "Unit grew"}, follow=True)
    assert "is now 1.500" in done.content.decode()
    assert Seat.objects.get(pk=seat.pk).weight == Decimal("1.5")
    member = Client()
    member.force_login(org.member_user)
    assert member.post(post, {"reweigh-weight": "9", "reweigh-reason": "r"}).status_code == 403
    assert Seat.objects.get(pk=seat.pk).weight == Decimal("1.5")


@pytest.mark.parametrize(
    "payload",
    [
        {"weight": "NaN", "reason": "r"},
        {"weight": "Infinity", "reason": "r"},
        {"weight": "1e9", "reason": "r"},
        {"weight": "0.0001", "reason": "r"},
        {"weight": "2", "reason": ""},
        {"weight": "2", "reason": "x" * 5000},
        {"weight": "2", "reason": "nul\x00byte"},
        {"weight": "2"},
        {"weight": ["2"], "reason": "r"},
    ],
)
def test_bad_input_over_the_api_changes_nothing(org: Org, payload: dict[str, object]) -> None:
    seat = _seat(org, "W-1")
    url = f"/api/organizations/test-union/bodies/{org.committee.slug}/seats/{seat.pk}/weight"
    client = Client()
    client.force_login(org.secretary)
    answer = client.post(url, payload, "application/json")
    assert answer.status_code in (400, 422), answer.content
    assert Seat.objects.get(pk=seat.pk).weight == 1
    assert not JournalEntry.objects.filter(code="body.seat.reweighed").exists()


@pytest.mark.parametrize(
    "form",
    [
        {"reweigh-weight": "abc", "reweigh-reason": "r"},
        {"reweigh-weight": "2", "reweigh-reason": "x" * 5000},
        {"reweigh-weight": "2", "reweigh-reason": "nul\x00byte"},
        {"reweigh-weight": "0", "reweigh-reason": "r"},
    ],
)
def test_bad_input_on_the_page_changes_nothing(org: Org, form: dict[str, str]) -> None:
    seat = _seat(org, "W-1")
    post = reverse("body-reweigh-seat", args=[org.organization.slug, org.committee.slug, seat.pk])
    client = Client(raise_request_exception=False)
    client.force_login(org.secretary)
    answer = client.post(post, form)
    assert answer.status_code in (302, 400)
    assert Seat.objects.get(pk=seat.pk).weight == 1
    assert not JournalEntry.objects.filter(code="body.seat.reweighed").exists()


def test_a_weight_sent_after_the_seat_was_vacated_says_why(org: Org) -> None:
    """The same form sent again, or after Back, once the seat is vacated: refused by the
    rule, which the seat's page shows although it no longer offers the form."""
    seat = _seat(org, "W-1")
    args = [org.organization.slug, org.committee.slug, seat.pk]
    client = Client()
    client.force_login(org.secretary)
    vacate_seat(actor=SYSTEM, seat=seat, reason="Resigned")
    html = client.post(
        reverse("body-reweigh-seat", args=args),
        {"reweigh-weight": "2", "reweigh-reason": "late"},
        follow=True,
    ).content.decode()
    assert "This seat was already vacated on" in html
    assert "Change the vote weight" not in html
    assert Seat.objects.get(pk=seat.pk).weight == 1
