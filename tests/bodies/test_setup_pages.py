"""The pages that set bodies up: a new body, its change and its dissolution. Only the
organization's admins reach them; every POST answers with a redirect, and a refused form
comes back on its page with the reason beside the field (or the rule's, above it)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from collegium.bodies.actions import seat_member
from collegium.bodies.models import Body, Seat, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import register_member
from tests.bodies.helpers import ROLES, client_as

NEW = reverse("body-new", args=["test-union"])
EDIT = reverse("body-edit", args=["test-union", "cc"])
DISSOLVE = reverse("body-dissolve", args=["test-union", "cc"])
BODY = reverse("body", args=["test-union", "cc"])

# Who may reach each page (GET): only the organization's admins; a visitor is asked to
# sign in first.
MAY_SET_UP = {"admin": 200, "secretary": 403, "other-secretary": 403, "member": 403, "visitor": 302}


def _new_body(**fields: str) -> dict[str, str]:
    return {
        "body-name": "Praesidium",
        "body-slug": "praesidium",
        "body-kind": "executive",
        "body-elected_by": "cc",
        "body-full_seats": "11",
        "body-alternate_seats": "6",
        "body-term_start": "2020-02-25",
        "body-term_end": "2025-02-25",
        "body-description": "Runs the committee's work between plenums.",
        **fields,
    }


def _edit(**fields: str) -> dict[str, str]:
    return {
        "body-name": "Central Committee",
        "body-kind": "committee",
        "body-elected_by": "",
        "body-full_seats": "3",
        "body-alternate_seats": "2",
        "body-term_start": "",
        "body-term_end": "",
        "body-description": "",
        "body-revision": "0",
        **fields,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", [NEW, EDIT, DISSOLVE])
def test_who_reaches_the_set_up_pages(org, role, url):
    response = client_as(org, role).get(url)
    assert response.status_code == MAY_SET_UP[role]
    if role == "visitor":
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("role", ROLES)
def test_who_may_set_up_a_body_by_posting(org, role):
    response = client_as(org, role).post(NEW, _new_body())
    created = Body.objects.filter(slug="praesidium").exists()
    assert created == (role == "admin")
    assert response.status_code == (302 if role in ("admin", "visitor") else 403)
    if role == "visitor":
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_set_up_links_on_the_body_page(org, role):
    html = client_as(org, role).get(BODY).content.decode()
    assert (EDIT in html, DISSOLVE in html, NEW in html) == ((role == "admin",) * 3)


def test_an_admin_sets_up_a_body_and_lands_on_its_page(org):
    client = client_as(org, "admin")
    response = client.post(NEW, _new_body())
    assert response.status_code == 302
    assert response["Location"] == reverse("body", args=["test-union", "praesidium"])
    body = Body.objects.get(slug="praesidium")
    assert (body.kind, body.elected_by, body.full_seats, body.alternate_seats) == (
        "executive",
        org.committee,
        11,
        6,
    )
    assert body.term_start == datetime.date(2020, 2, 25)
    assert "Praesidium is set up." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"body-name": "x" * 201}, "name", "at most 200 characters"),
        ({"body-full_seats": "10001"}, "full_seats", "less than or equal to 10000"),
        ({"body-full_seats": "99999999999999999999"}, "full_seats", "less than or equal"),
        ({"body-alternate_seats": "-1"}, "alternate_seats", "greater than or equal to 0"),
        ({"body-term_start": "2020-02-30"}, "term_start", "Enter a valid date"),
        ({"body-slug": "no spaces"}, "slug", "Enter a valid"),
        ({"body-kind": "politburo"}, "kind", "Select a valid choice"),
    ],
)
def test_a_bad_field_comes_back_beside_the_field_after_a_redirect(org, fields, field, says):
    client = client_as(org, "admin")
    response = client.post(NEW, _new_body(**fields))
    assert response.status_code == 302 and response["Location"] == NEW
    html = client.get(NEW).content.decode()
    block = html.split(f'id="id_body-{field}"', 1)[1].split("</div>", 1)[0]
    assert "errorlist" in block and says in block
    assert not Body.objects.filter(slug="praesidium").exists()
    # Shown once: reloading shows a fresh form.
    assert "errorlist" not in client.get(NEW).content.decode()


def test_a_rule_refusal_names_the_rule_above_the_form(org):
    client = client_as(org, "admin")
    client.post(NEW, _new_body(**{"body-slug": "cc"}))
    html = client.get(NEW).content.decode()
    assert "A body named cc exists already." in html
    assert 'value="Praesidium"' in html  # what was typed is kept


def test_an_edit_is_saved_and_journaled(org):
    client = client_as(org, "admin")
    html = client.get(EDIT).content.decode()
    assert 'value="Central Committee"' in html and 'name="body-slug"' not in html
    response = client.post(EDIT, _edit(**{"body-full_seats": "5", "body-description": "Elected."}))
    assert response.status_code == 302 and response["Location"] == BODY
    body = Body.objects.get(pk=org.committee.pk)
    assert (body.full_seats, body.description) == (5, "Elected.")
    assert JournalEntry.objects.filter(code="body.changed").count() == 1


def test_an_edit_refused_by_the_seats_held_says_so_and_changes_nothing(org):
    for number in ("F-1", "F-2"):
        member = register_member(
            actor=SYSTEM, organization=org.organization, number=number, name=number
        )
        seat_member(
            actor=SYSTEM,
            body=org.committee,
            member=member,
            role=SeatRole.FULL,
            origin=SeatOrigin.ELECTED,
        )
    client = client_as(org, "admin")
    revision = str(Body.objects.get(pk=org.committee.pk).revision)
    response = client.post(EDIT, _edit(**{"body-full_seats": "1", "body-revision": revision}))
    assert response["Location"] == EDIT
    html = client.get(EDIT).content.decode()
    assert "2 full seats of Central Committee are held" in html
    assert "its kind and the body that elects it stay as they are" in html
    assert Body.objects.get(pk=org.committee.pk).full_seats == 3


def test_a_stale_edit_is_refused_and_the_form_comes_back_made_from_the_body_now(org):
    client = client_as(org, "admin")
    client.post(EDIT, _edit(**{"body-name": "First"}))
    client.post(EDIT, _edit(**{"body-name": "Second"}))  # made from revision 0, now 1
    assert Body.objects.get(pk=org.committee.pk).name == "First"
    html = client.get(EDIT).content.decode()
    assert "revision 0, now 1" in html
    assert 'name="body-revision" value="1"' in html


def test_dissolving_asks_first_then_ends_every_seat(org):
    member = register_member(actor=SYSTEM, organization=org.organization, number="F-1", name="A")
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=member,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
    )
    client = client_as(org, "admin")
    html = client.get(DISSOLVE).content.decode()
    assert "Dissolve Central Committee?" in html
    assert "One current seat will be vacated" in html
    assert Seat.objects.filter(vacated_on__isnull=True).count() == 1  # looking changed nothing
    today = timezone.localdate().isoformat()
    response = client.post(DISSOLVE, {"dissolve-on": today, "dissolve-revision": "1"})
    assert response.status_code == 302 and response["Location"] == BODY
    page = client.get(BODY).content.decode()
    assert "is dissolved" in page and "Dissolved on" in page
    assert "Seat a member" not in page  # no new seats
    assert Seat.objects.filter(vacated_on__isnull=True).count() == 0


def test_a_dissolution_in_the_future_is_refused_on_the_page(org):
    client = client_as(org, "admin")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    client.post(DISSOLVE, {"dissolve-on": tomorrow, "dissolve-revision": "0"})
    html = client.get(DISSOLVE).content.decode()
    assert "is in the future" in html
    assert Body.objects.get(pk=org.committee.pk).dissolved_on is None


def test_a_nul_in_a_posted_field_is_refused_before_the_view(org):
    response = client_as(org, "admin").post(NEW, _new_body(**{"body-name": "Prae\x00sidium"}))
    assert response.status_code == 400
    assert not Body.objects.filter(slug="praesidium").exists()
