"""The body page: what each role sees, seating and vacating through the forms, and the
page's cost at the Congress's size."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collegium.bodies.actions import (
    adopt_standing_orders,
    appoint_to_office,
    create_body,
    create_office,
    seat_member,
)
from collegium.bodies.models import Body, BodyKind, Seat, SeatOrigin, SeatRole, StandingOrders
from collegium.journal.actors import SYSTEM
from collegium.registry.actions import register_member
from collegium.registry.models import Member
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import PASSWORD


def _client(user=None):
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def _url(org, body=None):
    return reverse("body", args=[org.organization.slug, (body or org.committee).slug])


def _member(org, number, name):
    return register_member(actor=SYSTEM, organization=org.organization, number=number, name=name)


def _seat(org, member, role=SeatRole.FULL, rank=None, detail="decision 1956/1"):
    return seat_member(
        actor=SYSTEM,
        body=org.committee,
        member=member,
        role=role,
        rank=rank,
        origin=SeatOrigin.ELECTED,
        origin_detail=detail,
    )


@pytest.fixture
def seated(org):
    """The committee with 2 of 3 full seats filled and two alternates, seated out of rank
    order so that the page has to sort them."""
    full = [_member(org, "F-1", "Anna Full"), _member(org, "F-2b", "Boris Full")]
    for member in full:
        _seat(org, member)
    second = _member(org, "A-2", "Zora Second")
    first = _member(org, "A-1", "Yuri First")
    _seat(org, second, SeatRole.ALTERNATE, rank=2)
    _seat(org, first, SeatRole.ALTERNATE, rank=1)
    return org


def test_anyone_sees_the_composition_with_alternates_in_rank_order(seated):
    response = _client().get(_url(seated))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Central Committee" in html
    assert "Anna Full" in html and "Boris Full" in html
    assert "decision 1956/1" in html
    assert html.index("Yuri First") < html.index("Zora Second")
    assert "2 of 3 filled" in html  # full seats
    assert "2 of 2 filled" in html  # alternates
    assert "1 vacant" in html
    # A visitor may not open register entries: names without links (test_member_links.py).
    for number in ("F-1", "F-2b"):
        assert f'href="{reverse("member", args=["test-union", number])}"' not in html
    # No forms for a visitor.
    assert "Seat a member" not in html and "Vacate a seat" not in html


def test_elected_by_and_elects_are_links(org):
    praesidium = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Praesidium",
        slug="praesidium",
        kind=BodyKind.EXECUTIVE,
        full_seats=11,
        elected_by=org.committee,
    )
    committee_html = _client().get(_url(org)).content.decode()
    assert f'href="{_url(org, praesidium)}"' in committee_html
    praesidium_html = _client().get(_url(org, praesidium)).content.decode()
    assert f'href="{_url(org)}"' in praesidium_html
    assert "Executive" in praesidium_html


def test_offices_show_their_current_holder_or_vacancy(seated):
    chair = create_office(actor=SYSTEM, body=seated.committee, title="First Secretary", slug="fs")
    create_office(actor=SYSTEM, body=seated.committee, title="Treasurer", slug="tr")
    anna = Member.objects.get(number="F-1")
    appoint_to_office(actor=SYSTEM, office=chair, member=anna)
    html = _client().get(_url(seated)).content.decode()
    assert "First Secretary" in html and "Treasurer" in html
    offices = html[html.index('id="offices-heading"') :]
    assert offices.index("First Secretary") < offices.index("Anna Full")
    assert "Vacant" in offices


def test_standing_orders_are_described_with_their_earlier_versions(org):
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="1956 practice", document=PRESETS["1956-practice"]
    )
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="Lenin-era rules", document=PRESETS["lenin-era"]
    )
    html = _client().get(_url(org)).content.decode()
    orders = html[html.index('id="orders-heading"') :]
    assert "Lenin-era rules" in orders
    assert "version 2" in orders
    assert "A minority of at least 1/20 of the full members may give a counter-report." in orders
    assert "One earlier version" in orders
    assert "Version 1: 1956 practice" in orders


def test_a_stored_document_that_no_longer_parses_is_shown_as_it_is(org):
    # Written around the action on purpose: a version stored under an older format.
    StandingOrders.objects.create(
        body=org.committee,
        version=1,
        title="Old rules",
        document={"quorum": "half", "speakers": {"limit": 3}},
        adopted_by="system",
        effective_from=timezone.now(),
    )
    html = _client().get(_url(org)).content.decode()
    orders = html[html.index('id="orders-heading"') :]
    assert "<dt>quorum</dt><dd>half</dd>" in orders
    assert "<dt>speakers</dt><dd>{&quot;limit&quot;: 3}</dd>" in orders


def test_a_body_without_standing_orders_says_so(org):
    html = _client().get(_url(org)).content.decode()
    assert "has no standing orders in force" in html


@pytest.mark.parametrize(
    ("who", "sees_forms"),
    [("admin", True), ("secretary", True), ("member_user", False), ("outsider", False)],
)
def test_only_secretaries_and_admins_see_the_forms(org, who, sees_forms):
    html = _client(getattr(org, who)).get(_url(org)).content.decode()
    assert ("Seat a member" in html) is sees_forms
    assert ("Vacate a seat" in html) is sees_forms


def test_a_secretary_of_another_body_sees_no_forms(org):
    other = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Auditing Commission",
        slug="audit",
        kind=BodyKind.COMMISSION,
        full_seats=5,
    )
    html = _client(org.secretary).get(_url(org, other)).content.decode()
    assert "Seat a member" not in html


def _seat_post(org, client, **fields):
    data = {"seat-role": "full", "seat-origin": "elected", "seat-origin_detail": "decision 7"}
    data.update({f"seat-{key}": value for key, value in fields.items()})
    return client.post(reverse("body-seat", args=[org.organization.slug, org.committee.slug]), data)


def _refused(org, client, response, body=None):
    """A refused POST answers with a redirect to the form; the page there says why."""
    assert response.status_code == 302
    assert response["Location"] == _url(org, body) + "#manage-heading"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_a_secretary_seats_a_member_through_the_form(org):
    _member(org, "N-1", "Nadia New")
    client = _client(org.secretary)
    response = _seat_post(org, client, member_number="N-1")
    assert response.status_code == 302
    assert response["Location"] == _url(org)
    seat = Seat.objects.get(member__number="N-1", body=org.committee)
    assert seat.role == SeatRole.FULL and seat.origin_detail == "decision 7"
    html = client.get(_url(org)).content.decode()
    assert "Nadia New now holds a seat in Central Committee as full member." in html
    assert "Nadia New" in html[html.index('id="seats-full"') :]


def test_an_alternate_gets_the_rank_given(seated):
    _member(seated, "A-3", "Xenia Third")
    client = _client(seated.admin)
    response = _seat_post(seated, client, member_number="A-3", role="alternate", rank="3")
    # The committee has 2 alternate seats, both taken: the action refuses with its rule.
    html = _refused(seated, client, response)
    assert "No alternate seat is free in Central Committee: 2 of 2 are filled." in html


def test_a_guest_is_seated_by_name_and_invited_unless_told_otherwise(org):
    response = _seat_post(
        org,
        _client(org.admin),
        guest_name="Delegation of the Italian party",
        role="guest",
        origin="",
    )
    assert response.status_code == 302
    guest = Seat.objects.get(body=org.committee, role=SeatRole.GUEST)
    assert (guest.guest_name, guest.origin) == ("Delegation of the Italian party", "invited")


def test_the_origin_menu_preselects_nothing(org):
    html = _client(org.secretary).get(_url(org)).content.decode()
    menu = html[html.index('name="seat-origin"') :]
    menu = menu[: menu.index("</select>")]
    assert '<option value="" selected>— (a guest: invited)</option>' in menu
    assert menu.count("selected") == 1


def test_a_members_seat_needs_its_origin_and_a_guest_is_never_elected(org):
    client = _client(org.secretary)
    _member(org, "N-1", "Nadia New")
    html = _refused(org, client, _seat_post(org, client, member_number="N-1", origin=""))
    assert "Say how the seat is held: elected, delegated or appointed." in html
    response = _seat_post(org, client, guest_name="Polish delegation", role="guest")
    assert "A guest is not elected to a body" in _refused(org, client, response)
    assert not Seat.objects.filter(body=org.committee).exists()


def test_a_refused_seating_shows_the_rule(seated):
    _member(seated, "F-3", "Clara Full")
    _member(seated, "F-4", "Dmitri Full")
    client = _client(seated.secretary)
    assert _seat_post(seated, client, member_number="F-3").status_code == 302
    html = _refused(seated, client, _seat_post(seated, client, member_number="F-4"))
    assert "No full seat is free in Central Committee: 3 of 3 are filled." in html
    # The refused form comes back as it was sent, once.
    assert 'name="seat-member_number" value="F-4"' in html
    assert 'value="F-4"' not in client.get(_url(seated)).content.decode()
    assert not Seat.objects.filter(member__number="F-4").exists()


def test_an_unknown_member_number_is_named(org):
    client = _client(org.secretary)
    html = _refused(org, client, _seat_post(org, client, member_number="NOPE-9"))
    assert "No member numbered NOPE-9 is in the register." in html


def test_a_seating_needs_a_member_or_a_guest(org):
    client = _client(org.secretary)
    assert "Give a member number, or a guest" in _refused(org, client, _seat_post(org, client))


def test_a_member_without_the_role_gets_403_with_the_reason(org):
    _member(org, "N-1", "Nadia New")
    response = _seat_post(org, _client(org.member_user), member_number="N-1")
    assert response.status_code == 403
    reason = "seating members and vacating seats needs one of the roles admin, secretary."
    assert f"Not permitted: {reason}" in response.content.decode()
    assert not Seat.objects.filter(member__number="N-1").exists()


def test_an_anonymous_post_is_sent_to_sign_in(org):
    response = _seat_post(org, _client(), member_number="M-1")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _find_seat(org, client, holder):
    return client.get(
        reverse("body-vacate", args=[org.organization.slug, org.committee.slug]),
        {"vacate-holder": holder},
    )


def _vacate_url(org, seat):
    return reverse("body-vacate-seat", args=[org.organization.slug, org.committee.slug, seat.pk])


def _vacate_post(org, client, holder, reason="resigned", on=None):
    """Both steps: find the seat, then confirm on its page (today unless `on` is given)."""
    found = _find_seat(org, client, holder)
    assert found.status_code == 302, found.content.decode()[:500]
    confirm = client.get(found["Location"])
    assert confirm.status_code == 200
    on = on or timezone.localdate().isoformat()
    return client.post(found["Location"], {"vacate-reason": reason, "vacate-on": on})


def test_vacating_a_full_seat_steps_up_the_first_alternate(seated):
    client = _client(seated.secretary)
    response = _vacate_post(seated, client, "F-2b", "died")
    assert response.status_code == 302
    html = client.get(_url(seated)).content.decode()
    assert "The seat of Boris Full is vacated." in html
    assert "Yuri First, alternate no. 1, stepped up to the full seat." in html
    full = html[html.index('id="seats-full"') : html.index('id="seats-alternate"')]
    alternates = html[html.index('id="seats-alternate"') : html.index('id="offices-heading"')]
    assert ">Yuri First</a>" in full and ">Boris Full</a>" not in full
    assert "alternate no. 1, stepped up on the vacancy of Boris Full" in full
    assert ">Zora Second</a>" in alternates and ">Yuri First</a>" not in alternates
    assert "1 of 2 filled" in html
    vacated = Seat.objects.get(member__number="F-2b")
    assert vacated.vacated_reason == "died"


def test_vacating_a_guest_seat_by_name(org):
    seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.GUEST,
        origin=SeatOrigin.APPOINTED,
        guest_name="Polish delegation",
    )
    response = _vacate_post(org, _client(org.admin), "Polish delegation", "left the congress")
    assert response.status_code == 302
    assert Seat.objects.get(guest_name="Polish delegation").vacated_on is not None


def test_vacating_needs_a_current_seat_holder(seated):
    response = _find_seat(seated, _client(seated.secretary), "M-1")
    assert response.status_code == 400
    assert "Nobody holds a current seat in Central Committee under M-1." in (
        response.content.decode()
    )


def test_vacating_needs_a_reason(seated):
    client = _client(seated.secretary)
    response = _vacate_post(seated, client, "F-1", reason="")
    seat = Seat.objects.get(member__number="F-1")
    assert response.status_code == 302 and response["Location"] == _vacate_url(seated, seat)
    assert "This field is required." in client.get(response["Location"]).content.decode()
    assert Seat.objects.get(member__number="F-1").vacated_on is None


def test_an_outsider_cannot_vacate(seated):
    seat = Seat.objects.get(member__number="F-1")
    client = _client(seated.outsider)
    assert _find_seat(seated, client, "F-1").status_code == 403
    assert client.get(_vacate_url(seated, seat)).status_code == 403
    response = client.post(_vacate_url(seated, seat), {"vacate-reason": "x", "vacate-on": ""})
    assert response.status_code == 403
    assert Seat.objects.get(member__number="F-1").vacated_on is None


def test_search_narrows_the_lists(seated):
    html = _client().get(_url(seated), {"q": "zora"}).content.decode()
    assert "Zora Second" in html
    assert "Anna Full" not in html and "Yuri First" not in html
    html = _client().get(_url(seated), {"q": "F-"}).content.decode()
    assert "Anna Full" in html and "Zora Second" not in html


def test_unknown_body_is_404(org):
    response = _client().get(reverse("body", args=["test-union", "nope"]))
    assert response.status_code == 404


def _congress(org, full, consultative, guests, alternates=0):
    """A congress of the given size, filled in bulk: the page is measured, not the actions."""
    congress = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Congress",
        slug="congress",
        kind=BodyKind.CONGRESS,
        full_seats=full,
        alternate_seats=alternates,
    )
    count = full + consultative + alternates
    members = Member.objects.bulk_create(
        Member(organization=org.organization, number=f"D-{i}", name=f"Delegate {i:05d}")
        for i in range(count)
    )
    roles = ([SeatRole.FULL] * full + [SeatRole.CONSULTATIVE] * consultative) + [
        SeatRole.ALTERNATE
    ] * alternates
    seats = [
        Seat(
            body=congress,
            member=member,
            role=role,
            rank=(i - full - consultative + 1) if role == SeatRole.ALTERNATE else None,
            origin=SeatOrigin.DELEGATED,
            origin_detail=f"Region {i % 80}",
        )
        for i, (member, role) in enumerate(zip(members, roles, strict=True))
    ]
    seats += [
        Seat(
            body=congress, guest_name=f"Foreign party {i}", role=SeatRole.GUEST, origin="appointed"
        )
        for i in range(guests)
    ]
    Seat.objects.bulk_create(seats)
    return congress


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_page_costs_the_same_queries_for_a_congress_as_for_a_small_body(
    org, django_assert_max_num_queries
):
    small = _congress(org, full=3, consultative=1, guests=1, alternates=2)
    client = _client(org.admin)
    small_queries, _ = _queries_for(client, _url(org, small))
    Seat.objects.filter(body=small).delete()
    Body.objects.filter(pk=small.pk).delete()
    Member.objects.filter(number__startswith="D-").delete()

    congress = _congress(org, full=1349, consultative=81, guests=55, alternates=20)
    started = time.perf_counter()
    with django_assert_max_num_queries(20):
        response = client.get(_url(org, congress))
    elapsed = time.perf_counter() - started
    large_queries, _ = _queries_for(client, _url(org, congress))
    assert large_queries == small_queries
    html = response.content.decode()
    assert "1,349 of 1,349 filled" in html
    assert "Delegate 01348" in html and "Foreign party 54" in html
    # Long lists start folded so the rest of the page stays within reach.
    assert "<details><summary><h3" in html
    assert elapsed < 3.0, f"the congress page took {elapsed:.2f} s"


# --- what an untrained delegate needs to read the page -------------------------------------


def test_the_orders_in_force_are_named_in_the_facts_and_described(org):
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="Lenin-era rules", document=PRESETS["lenin-era"]
    )
    html = _client().get(_url(org)).content.decode()
    facts = html[html.index('class="facts"') : html.index('id="composition-heading"')]
    assert '<a href="#orders-heading">Lenin-era rules</a>' in facts
    orders = html[html.index('id="orders-heading"') :]
    description = PRESETS["lenin-era"]["description"]
    assert isinstance(description, str) and description
    assert f'<p class="lead">{description}</p>' in orders.replace("&#x27;", "'")


def test_a_body_without_alternate_seats_does_not_list_alternates(org):
    congress = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Congress",
        slug="congress",
        kind=BodyKind.CONGRESS,
        full_seats=5,
    )
    html = _client().get(_url(org, congress)).content.decode()
    assert "Alternate seats" not in html
    assert 'id="seats-alternate"' not in html
    assert 'id="seats-full"' in html
    # The committee has alternate seats, so it lists them even while none is filled.
    committee_html = _client().get(_url(org)).content.decode()
    assert "Alternate seats" in committee_html and 'id="seats-alternate"' in committee_html


def test_the_seat_form_points_to_the_register_for_member_numbers(org):
    html = _client(org.secretary).get(_url(org)).content.decode()
    form = html[html.index('id="seat-heading"') :]
    assert f'<a href="{reverse("register", args=[org.organization.slug])}">member register</a>' in (
        form
    )


def test_a_refused_change_is_flagged_at_the_top_of_the_long_page(org):
    client = _client(org.secretary)
    html = _refused(org, client, _seat_post(org, client, member_number="NOPE-9"))
    banner = html.index("Nothing was changed: the form below says why.")
    assert banner < html.index('id="composition-heading"')
    assert 'href="#manage-heading"' in html[banner - 200 : banner]
    # A page without a refusal has no banner.
    assert "Nothing was changed" not in _client(org.secretary).get(_url(org)).content.decode()


def test_the_seat_form_menus_start_with_a_capital(org):
    html = _client(org.secretary).get(_url(org)).content.decode()
    form = html[html.index('id="seat-heading"') :]
    assert '<option value="full">Full member</option>' in form
    assert '<option value="elected">Elected</option>' in form
    assert '<option value="invited">Invited</option>' in form
