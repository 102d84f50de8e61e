"""Vacating a seat takes two steps on the pages: find the seat, then confirm on a page that
names the holder, the seat and the body, with the reason and a date (today unless
changed). The date is checked as every other date is, on the pages and in the API."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from collegium.bodies.actions import seat_member
from collegium.bodies.models import Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from tests.conftest import PASSWORD

SINCE = datetime.date(2020, 3, 1)


@pytest.fixture
def seat(org) -> Seat:
    member = register_member(
        actor=SYSTEM, organization=org.organization, number="F-1", name="Anna Full"
    )
    return seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        term_start=SINCE,
    )


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _page(org, seat: Seat) -> str:
    return reverse("body-vacate-seat", args=[org.organization.slug, org.committee.slug, seat.pk])


def test_finding_the_seat_leads_to_its_confirmation_page(org, seat):
    client = _client(org.secretary)
    found = client.get(
        reverse("body-vacate", args=[org.organization.slug, org.committee.slug]),
        {"vacate-holder": "F-1"},
    )
    assert found.status_code == 302 and found["Location"] == _page(org, seat)
    html = client.get(found["Location"]).content.decode()
    assert "Vacate the seat of Anna Full (full member) in Central Committee?" in html
    assert "Anna Full (F-1)" in html
    today = timezone.localdate().isoformat()
    assert f'type="date" name="vacate-on" value="{today}"' in html
    # Nothing changed by looking.
    assert Seat.objects.get(pk=seat.pk).vacated_on is None


def test_the_date_given_is_recorded(org, seat):
    client = _client(org.secretary)
    response = client.post(_page(org, seat), {"vacate-reason": "died", "vacate-on": "2021-05-04"})
    assert response.status_code == 302
    assert response["Location"] == reverse("body", args=["test-union", "cc"])
    vacated = Seat.objects.get(pk=seat.pk)
    assert (vacated.vacated_on, vacated.vacated_reason) == (datetime.date(2021, 5, 4), "died")
    entry = JournalEntry.objects.filter(code="body.seat.vacated").latest("sequence")
    assert entry.payload["on"] == "2021-05-04"


@pytest.mark.parametrize(
    ("on", "says"),
    [
        (lambda: timezone.localdate() + datetime.timedelta(days=1), "is in the future"),
        (lambda: SINCE - datetime.timedelta(days=1), "is before the start of the seat"),
        (lambda: datetime.date(1800, 1, 1), "is out of range"),
    ],
)
def test_a_date_the_rules_refuse_changes_nothing_and_is_named(org, seat, on, says):
    client = _client(org.secretary)
    before = JournalEntry.objects.count()
    date = on()
    day = date.isoformat()
    response = client.post(_page(org, seat), {"vacate-reason": "died", "vacate-on": day})
    assert response.status_code == 302 and response["Location"] == _page(org, seat)
    html = client.get(response["Location"]).content.decode()
    # The refusal writes the date in the page's one date format.
    assert f"The date {date_format(date, 'DATE_FORMAT')} {says}" in html
    assert f'value="{day}"' in html  # what was typed comes back
    assert Seat.objects.get(pk=seat.pk).vacated_on is None
    assert JournalEntry.objects.count() == before


def test_the_api_checks_the_date_the_same_way(org, seat):
    client = Client()
    client.force_login(org.secretary)
    url = f"/api/organizations/test-union/bodies/cc/seats/{seat.pk}/vacate"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for day in (tomorrow, "2020-02-29"):
        response = client.post(url, {"reason": "died", "on": day}, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["rule"] == "seat.vacate-date"
    assert Seat.objects.get(pk=seat.pk).vacated_on is None


def test_a_seat_vacated_meanwhile_is_not_vacated_again(org, seat):
    """The page was opened, someone else vacated the seat and seated the member anew: the
    old page's form is refused and the new seat is left alone."""
    client = _client(org.secretary)
    assert client.get(_page(org, seat)).status_code == 200
    from collegium.bodies.actions import vacate_seat

    vacate_seat(actor=SYSTEM, seat=seat, reason="resigned")
    again = seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=seat.member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
    )
    today = timezone.localdate().isoformat()
    response = client.post(_page(org, seat), {"vacate-reason": "died", "vacate-on": today})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "This seat was already vacated on" in html
    assert 'name="vacate-reason"' not in html  # a vacated seat offers no form
    assert Seat.objects.get(pk=seat.pk).vacated_reason == "resigned"
    assert Seat.objects.get(pk=again.pk).vacated_on is None


def test_a_seat_of_another_body_or_beyond_any_id_is_404(org, seat):
    client = _client(org.secretary)
    url = reverse("body-vacate-seat", args=["test-union", "cc", 2**63])
    assert client.get(url).status_code == 404
    assert (
        client.get(_page(org, seat).replace(f"/{seat.pk}/", f"/{seat.pk + 999}/")).status_code
        == 404
    )
