"""The offices page of a body: set up an office, appoint one of the body's full members,
end a term with a reason. Its secretaries and the organization's admins only; every POST
answers with a redirect, and a form made before a change is refused."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from collegium.bodies.actions import appoint_to_office, create_office, seat_member
from collegium.bodies.models import Office, OfficeTerm, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from tests.bodies.helpers import ROLES, client_as

PAGE = reverse("body-offices", args=["test-union", "cc"])
NEW = reverse("body-office-new", args=["test-union", "cc"])
APPOINT = reverse("body-office-appoint", args=["test-union", "cc", "chair"])
END = reverse("body-office-end", args=["test-union", "cc", "chair"])
BODY = reverse("body", args=["test-union", "cc"])
STAFF = {"admin", "secretary"}


@pytest.fixture
def chair(org) -> Office:
    for number, name in (("F-1", "Anna Full"), ("F-2", "Boris Full")):
        member = register_member(
            actor=SYSTEM, organization=org.organization, number=number, name=name
        )
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=member,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
        )
    return create_office(actor=SYSTEM, body=org.committee, title="Chair", slug="chair")


def _today() -> str:
    return timezone.localdate().isoformat()


@pytest.mark.parametrize("role", ROLES)
def test_who_reaches_the_offices_page_and_its_link(org, chair, role):
    response = client_as(org, role).get(PAGE)
    expected = 200 if role in STAFF else 302 if role == "visitor" else 403
    assert response.status_code == expected
    body_page = client_as(org, role).get(BODY).content.decode()
    assert (PAGE in body_page) == (role in STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_set_up_an_office(org, role):
    response = client_as(org, role).post(NEW, {"office-title": "Chair", "office-slug": "chair"})
    assert Office.objects.filter(slug="chair").exists() == (role in STAFF)
    assert response.status_code == (302 if role in STAFF | {"visitor"} else 403)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_appoint(org, chair, role):
    data = {f"appoint-{chair.pk}-member": "F-1", f"appoint-{chair.pk}-start": _today()}
    client_as(org, role).post(APPOINT, data)
    assert OfficeTerm.objects.filter(office=chair).exists() == (role in STAFF)


def test_appoint_offers_the_full_members_only_then_end_the_term(org, chair):
    client = client_as(org, "secretary")
    html = client.get(PAGE).content.decode()
    assert "Anna Full (F-1)" in html and "Boris Full (F-2)" in html
    assert "Mia Member" not in html  # in the register, not in the body
    data = {
        f"appoint-{chair.pk}-member": "F-2",
        f"appoint-{chair.pk}-start": "2021-03-01",
        f"appoint-{chair.pk}-revision": "0",
    }
    response = client.post(APPOINT, data)
    assert response.status_code == 302 and response["Location"] == PAGE
    term = OfficeTerm.objects.get(office=chair, end__isnull=True)
    assert (term.holder.number, term.start) == ("F-2", datetime.date(2021, 3, 1))
    html = client.get(PAGE).content.decode()
    assert "Boris Full holds the office Chair." in html and "End the term" in html
    response = client.post(
        END,
        {
            f"end-{chair.pk}-because": "resigned",
            f"end-{chair.pk}-on": _today(),
            f"end-{chair.pk}-revision": "1",
        },
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.end, term.ended_because) == (timezone.localdate(), "resigned")
    assert JournalEntry.objects.filter(code="body.office.term_ended").count() == 1


def test_a_stale_appointment_is_refused_and_the_form_comes_back(org, chair):
    client = client_as(org, "secretary")
    appoint_to_office(
        actor=SYSTEM,
        office=chair,
        member=chair.body.seats.get(member__number="F-1").member,
    )
    # The form below was made before the appointment (revision 0); the office moved on.
    client.post(
        END,
        {
            f"end-{chair.pk}-because": "recalled",
            f"end-{chair.pk}-on": _today(),
            f"end-{chair.pk}-revision": "0",
        },
    )
    html = client.get(PAGE).content.decode()
    assert "Chair changed since this form was made (revision 0, now 1)" in html
    assert OfficeTerm.objects.get(office=chair).end is None


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"because": "", "on": "today"}, "This field is required"),
        ({"because": "x" * 301, "on": "today"}, "at most 300 characters"),
        ({"because": "resigned", "on": "2021-02-30"}, "Enter a valid date"),
        ({"because": "resigned", "on": "tomorrow"}, "is in the future"),
    ],
)
def test_a_bad_end_of_term_comes_back_with_the_reason(org, chair, data, says):
    full = chair.body.seats.get(member__number="F-1").member
    appoint_to_office(actor=SYSTEM, office=chair, member=full, start=datetime.date(2020, 1, 1))
    day = {
        "today": _today(),
        "tomorrow": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
    }.get(data["on"], data["on"])
    client = client_as(org, "secretary")
    client.post(
        END,
        {
            f"end-{chair.pk}-because": data["because"],
            f"end-{chair.pk}-on": day,
            f"end-{chair.pk}-revision": "1",
        },
    )
    assert says in client.get(PAGE).content.decode()
    assert OfficeTerm.objects.get(office=chair).end is None


def test_a_duplicate_office_is_refused_by_its_rule(org, chair):
    client = client_as(org, "admin")
    client.post(NEW, {"office-title": "Chair again", "office-slug": "chair"})
    html = client.get(PAGE).content.decode()
    assert "Central Committee already has an office named chair." in html
    assert 'value="Chair again"' in html
