"""The registry pages per role, the register's search and keyset paging, and the member
page with its status change."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import resolve, reverse

from collegium.bodies.actions import (
    adopt_standing_orders,
    appoint_to_office,
    create_body,
    create_office,
    end_office_term,
    seat_member,
    vacate_seat,
)
from collegium.bodies.models import Body, BodyKind, SeatOrigin, SeatRole
from collegium.journal.actors import SYSTEM
from collegium.registry import views
from collegium.registry.actions import (
    create_organization,
    register_member,
    set_register_open_to_members,
)
from collegium.registry.models import Member, MemberStatus, Organization
from collegium.registry.numbers import search_key, skeleton
from collegium.registry.queries import search_members
from collegium.registry.views import page_of_register, search_page
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import Org

pytestmark = pytest.mark.django_db


def _union(org: Org) -> Organization:
    return org.organization


def _committee(org: Org) -> Body:
    return org.committee


def _mia(org: Org) -> Member:
    return org.member


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _add_members(org: Org, rows: list[tuple[str, str, str]]) -> list[Member]:
    return [
        register_member(actor=SYSTEM, organization=_union(org), number=number, name=name, unit=unit)
        for number, name, unit in rows
    ]


# --- home and organization home -----------------------------------------------------------


def test_home_without_organizations_says_so(db: None) -> None:
    response = _client(None).get(reverse("home"))
    assert response.status_code == 200
    assert b"No organization has been set up yet." in response.content


def test_home_with_one_organization_explains_and_lists_it(org: Org) -> None:
    # No longer a redirect: a newcomer first reads what Collegium is (tests/web/test_home.py).
    response = _client(None).get(reverse("home"))
    assert response.status_code == 200
    assert reverse("organization", args=["test-union"]).encode() in response.content


def test_home_lists_several_organizations(org: Org) -> None:
    create_organization(actor=SYSTEM, name="Second Guild", slug="guild")
    response = _client(None).get(reverse("home"))
    assert response.status_code == 200
    assert reverse("organization", args=["guild"]).encode() in response.content
    assert reverse("organization", args=["test-union"]).encode() in response.content


def test_unknown_organization_is_404(org: Org) -> None:
    assert _client(org.admin).get(reverse("organization", args=["nope"])).status_code == 404
    assert _client(org.admin).get(reverse("register", args=["nope"])).status_code == 404


def test_organization_home_for_the_public_shows_bodies_but_no_register(org: Org) -> None:
    response = _client(None).get(reverse("organization", args=["test-union"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Central Committee" in page
    assert reverse("body", args=["test-union", "cc"]) in page
    assert "0 of 3" in page  # full seats filled of total
    assert "Membership register" not in page
    assert reverse("register", args=["test-union"]) not in page
    # The journal is open to everyone; a visitor reads its public entries only.
    assert reverse("journal", args=["test-union"]) in page
    assert "/api/docs" in page


def test_organization_home_for_the_admin_shows_figures_and_all_links(org: Org) -> None:
    _add_members(org, [("M-2", "Bo", ""), ("M-3", "Cy", "")])
    suspended = Member.objects.get(number="M-3")
    suspended.status = MemberStatus.SUSPENDED  # direct write: only the figures matter here
    suspended.save()
    response = _client(org.admin).get(reverse("organization", args=["test-union"]))
    page = response.content.decode()
    assert response.context["status_counts"] == [("active", 2), ("suspended", 1), ("left", 0)]
    assert response.context["member_total"] == 3
    assert reverse("register", args=["test-union"]) in page
    assert reverse("journal", args=["test-union"]) in page
    assert reverse("member-import", args=["test-union"]) in page


@pytest.mark.parametrize(
    ("who", "register_link", "figures"),
    [("secretary", True, True), ("member_user", False, True), ("outsider", False, False)],
)
def test_organization_home_links_follow_the_roles(
    org: Org, who: str, register_link: bool, figures: bool
) -> None:
    response = _client(getattr(org, who)).get(reverse("organization", args=["test-union"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert (reverse("register", args=["test-union"]) in page) is register_link
    assert reverse("member-import", args=["test-union"]) not in page
    assert ("Membership register" in page) is figures


# --- register: who may see it -------------------------------------------------------------


def test_register_sends_anonymous_visitors_to_sign_in(org: Org) -> None:
    url = reverse("register", args=["test-union"])
    response = _client(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("who", ["member_user", "outsider"])
def test_register_refuses_members_and_outsiders_with_the_reason(org: Org, who: str) -> None:
    response = _client(getattr(org, who)).get(reverse("register", args=["test-union"]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "viewing the membership register" in page
    assert "admin, secretary" in page
    assert "Mia Member" not in page


@pytest.mark.parametrize("who", ["admin", "secretary"])
def test_register_is_shown_to_admin_and_secretary(org: Org, who: str) -> None:
    response = _client(getattr(org, who)).get(reverse("register", args=["test-union"]))
    assert response.status_code == 200
    assert "Mia Member" in response.content.decode()
    assert reverse("member", args=["test-union", "M-1"]) in response.content.decode()


# --- register: search -------------------------------------------------------------------


def _listed(response) -> list[str]:
    return [member.number for member in response.context["page"].members]


@pytest.fixture
def searchable(org: Org) -> Org:
    _add_members(
        org,
        [
            ("M-10", "Anna Berg", "North"),
            ("M-11", "Bert Nordmann", "South"),
            ("X-7", "Clara Weiss", "East"),
            ("M-100", "Dora Ost", "Northwest"),
        ],
    )
    return org


@pytest.mark.parametrize(
    ("text", "status", "expected"),
    [
        ("M-1", "", ["M-10", "M-11", "M-100", "M-1"]),  # number prefix; by name
        ("X-", "", ["X-7"]),
        ("berg", "", ["M-10"]),  # name, any case
        ("nor", "", ["M-10", "M-11", "M-100", "M-1"]),  # unit North…, name Nordmann
        ("", "suspended", ["M-11"]),
        ("nor", "active", ["M-10", "M-100", "M-1"]),
        ("nobody", "", []),
    ],
)
def test_register_search(searchable: Org, text: str, status: str, expected: list[str]) -> None:
    bert = Member.objects.get(number="M-11")
    bert.status = MemberStatus.SUSPENDED
    bert.save()
    response = _client(searchable.admin).get(
        reverse("register", args=["test-union"]), {"q": text, "status": status}
    )
    assert response.status_code == 200
    assert _listed(response) == expected
    assert response.context["match_count"] == len(expected)


def test_unfiltered_register_counts_everyone(searchable: Org) -> None:
    response = _client(searchable.admin).get(reverse("register", args=["test-union"]))
    assert response.context["member_total"] == 5
    assert "5 members in the register." in response.content.decode()


def test_htmx_search_returns_only_the_results(searchable: Org) -> None:
    client = _client(searchable.admin)
    url = reverse("register", args=["test-union"])
    headers = {"HX-Request": "true", "HX-Target": "register-results"}
    partial = client.get(url, {"q": "berg"}, headers=headers).content.decode()
    assert "Anna Berg" in partial and "Clara Weiss" not in partial
    assert "<html" not in partial and "<form" not in partial
    # The count goes into the page's existing live region, out of band.
    assert re.search(r'id="result-count" hx-swap-oob="innerHTML">\s*1 member matches.', partial)
    # A history restore asks for the whole page, even from htmx.
    restore = client.get(
        url, {"q": "berg"}, headers={**headers, "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()
    # Without htmx the same URL is the whole page, with the search box filled in.
    full = client.get(url, {"q": "berg"}).content.decode()
    assert "<html" in full and 'value="berg"' in full


def test_invalid_status_filter_is_ignored(searchable: Org) -> None:
    response = _client(searchable.admin).get(
        reverse("register", args=["test-union"]), {"status": "expelled"}
    )
    assert response.status_code == 200
    assert len(_listed(response)) == 5


# --- register: keyset paging -------------------------------------------------------------


def _bulk_members(org: Org, count: int, *, prefix: str = "B") -> None:
    # Many share a name, so the order and the page boundaries depend on the number too.
    # (Written around the actions for speed, so the derived keys are set here.)
    def member(number: str, name: str, unit: str) -> Member:
        return Member(
            organization=_union(org),
            number=number,
            name=name,
            unit=unit,
            number_key=skeleton(number),
            search_key=search_key(number, name, unit),
        )

    Member.objects.bulk_create(
        member(f"{prefix}-{i:06d}", f"Name {i % 37:02d}", f"Unit {i % 11}") for i in range(count)
    )


def test_paging_walks_the_register_forwards_and_back(org: Org) -> None:
    _bulk_members(org, 132)
    everyone = list(search_members(_union(org)).values_list("number", flat=True))
    assert len(everyone) == 133
    matching = search_members(_union(org))

    forwards: list[list[str]] = []
    page = page_of_register(matching, size=10)
    assert page.previous_before is None
    while True:
        forwards.append([m.number for m in page.members])
        if page.next_after is None:
            break
        cursor = Member.objects.get(number=page.next_after)
        page = page_of_register(matching, after=(cursor.name, cursor.number), size=10)
    assert [n for chunk in forwards for n in chunk] == everyone
    assert [len(chunk) for chunk in forwards] == [10] * 13 + [3]

    backwards: list[list[str]] = [forwards[-1]]
    while page.previous_before is not None:
        cursor = Member.objects.get(number=page.previous_before)
        page = page_of_register(matching, before=(cursor.name, cursor.number), size=10)
        backwards.append([m.number for m in page.members])
    assert backwards == forwards[::-1]


@pytest.mark.parametrize("cap", [5, 1000])
def test_search_pages_are_the_same_however_the_matches_are_found(
    org: Org, monkeypatch: pytest.MonkeyPatch, cap: int
) -> None:
    # With a cap of 5 the matches are many (walk the name index); with 1000, few (sorted
    # from the scan's primary keys). Either way the pages are the register's order.
    monkeypatch.setattr(views, "COUNT_CAP", cap)
    _bulk_members(org, 300)
    matching = search_members(_union(org), "Name 0")
    expected = list(matching.values_list("number", flat=True))
    assert len(expected) == 84
    page, count = search_page(matching)
    assert count == min(84, cap + 1)
    walked: list[str] = []
    while True:
        walked += [member.number for member in page.members]
        if page.next_after is None:
            break
        cursor = Member.objects.get(number=page.next_after)
        page, _count = search_page(matching, after=(cursor.name, cursor.number))
    assert walked == expected


def test_register_pages_link_to_their_neighbours_and_keep_the_search(org: Org) -> None:
    _bulk_members(org, 300)
    client = _client(org.admin)
    url = reverse("register", args=["test-union"])
    first = client.get(url, {"q": "Name 0"})  # Name 00 … Name 09
    matching = list(search_members(_union(org), "Name 0").values_list("number", flat=True))
    assert len(matching) > 50
    assert _listed(first) == matching[:50]
    assert first.context["match_count"] == len(matching)
    assert first.context["previous_url"] is None
    next_url = first.context["next_url"]
    assert "q=Name+0" in next_url and f"after={matching[49]}" in next_url
    second = client.get(next_url)
    assert _listed(second) == matching[50:100]
    back = client.get(second.context["previous_url"])
    assert _listed(back) == matching[:50]
    assert back.context["previous_url"] is None


def test_unknown_cursor_shows_the_first_page(searchable: Org) -> None:
    response = _client(searchable.admin).get(
        reverse("register", args=["test-union"]), {"after": "no-such-number"}
    )
    assert _listed(response)[0] == "M-10"


def _member_table_reads(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if '"registry_member"' in q["sql"]]


@pytest.mark.slow
def test_register_pages_stay_cheap_at_100000_members(org: Org, django_assert_max_num_queries):
    _bulk_members(org, 100_000)
    client = _client(org.admin)
    url = reverse("register", args=["test-union"])

    def get(params: dict[str, str]):
        with django_assert_max_num_queries(10) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        return response, _member_table_reads(captured)

    first, reads = get({})
    assert len(_listed(first)) == 50
    assert first.context["member_total"] == 100_001
    # Every read of the register is bounded by a LIMIT (a page is 50 rows plus one to know
    # there is a next), except the single count of the whole register (an index count).
    assert sum("LIMIT 51" in sql for sql in reads) == 1
    unbounded = [sql for sql in reads if "LIMIT" not in sql]
    assert len(unbounded) == 1 and "COUNT(" in unbounded[0]

    deeper, reads = get({"after": first.context["page"].next_after})
    assert _listed(deeper)[0] != _listed(first)[0]
    assert len([sql for sql in reads if "LIMIT" not in sql]) == 1

    common, reads = get({"q": "Name 1"})  # Name 10 … Name 19: about 27,000 members
    assert all("LIMIT" in sql for sql in reads)
    assert "More than 1,000 members match." in common.content.decode()

    # A search that matches nobody scans the register once: its empty first page is its count.
    nobody, reads = get({"q": "zzz"})
    assert nobody.context["match_count"] == 0
    assert len([sql for sql in reads if "zzz" in sql.lower()]) == 1


# --- member page ---------------------------------------------------------------------------


def _member_url(number: str = "M-1") -> str:
    return reverse("member", args=["test-union", number])


def test_member_page_sends_anonymous_visitors_to_sign_in(org: Org) -> None:
    response = _client(None).get(_member_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_member_page_refuses_outsiders(org: Org) -> None:
    response = _client(org.outsider).get(_member_url())
    assert response.status_code == 403
    assert "viewing a member&#x27;s entry" in response.content.decode()


def test_unknown_member_is_404(org: Org) -> None:
    assert _client(org.admin).get(_member_url("M-999")).status_code == 404


def test_the_import_page_is_not_taken_for_a_member_number(org: Org) -> None:
    assert resolve("/o/test-union/members/import/").url_name == "member-import"
    assert resolve("/o/test-union/members/import/x/").url_name == "member"


def test_member_number_with_dots_and_a_stored_slash(org: Org) -> None:
    register_member(actor=SYSTEM, organization=_union(org), number="B-12.3", name="Dot")
    assert "Dot" in _client(org.admin).get(_member_url("B-12.3")).content.decode()
    # A '/' is no longer accepted in a new number; one stored before still has its page.
    Member.objects.filter(number="B-12.3").update(number="B/12.3")
    url = _member_url("B/12.3")
    assert url.endswith("/members/B/12.3/")
    response = _client(org.admin).get(url)
    assert response.status_code == 200
    assert "Dot" in response.content.decode()


@pytest.fixture
def other(org: Org) -> Member:
    return register_member(
        actor=SYSTEM,
        organization=_union(org),
        number="M-2",
        name="Otto Other",
        email="otto@example.org",
        unit="South",
    )


@pytest.mark.parametrize(
    ("who", "sees_email", "sees_form"),
    [
        ("admin", True, True),
        ("secretary", True, False),
        ("member_user", False, False),  # another member's email is not shown to members
    ],
)
def test_member_page_per_role(
    org: Org, other: Member, who: str, sees_email: bool, sees_form: bool
) -> None:
    # Members see others' entries only where the register is open to them
    # (tests/registry/test_member_visibility.py).
    set_register_open_to_members(actor=SYSTEM, organization=_union(org), open_to_members=True)
    response = _client(getattr(org, who)).get(_member_url("M-2"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Otto Other" in page and "South" in page
    assert ("otto@example.org" in page) is sees_email
    assert ("Change the status" in page) is sees_form


def test_a_member_sees_their_own_email(org: Org) -> None:
    Member.objects.filter(pk=_mia(org).pk).update(email="mia@example.org")
    response = _client(org.member_user).get(_member_url("M-1"))
    assert "mia@example.org" in response.content.decode()


def test_member_page_shows_seats_offices_and_history(org: Org, other: Member) -> None:
    body = _committee(org)
    seat = seat_member(
        actor=SYSTEM,
        body=body,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        member=other,
        origin_detail="decision 1956/12",
        term_start=datetime.date(1956, 2, 25),
    )
    seat_member(
        actor=SYSTEM,
        body=body,
        role=SeatRole.ALTERNATE,
        origin=SeatOrigin.ELECTED,
        member=_mia(org),
        rank=1,
    )
    office = create_office(actor=SYSTEM, body=body, title="First Secretary", slug="first")
    term = appoint_to_office(
        actor=SYSTEM, office=office, member=other, start=datetime.date(1956, 3, 1)
    )
    end_office_term(actor=SYSTEM, term=term, because="recalled by vote")
    vacate_seat(actor=SYSTEM, seat=seat, reason="resigned from the committee")

    response = _client(org.secretary).get(_member_url("M-2"))
    page = response.content.decode()
    assert [s.pk for s in response.context["past_seats"]] == [seat.pk]
    assert response.context["current_seats"] == []
    assert "resigned from the committee" in page
    assert "decision 1956/12" in page
    assert "First Secretary" in page and "recalled by vote" in page
    assert "Holds no seat now." in page

    # Mia, the first alternate, stepped up into the vacated full seat.
    mia = _client(org.admin).get(_member_url("M-1"))
    current = mia.context["current_seats"]
    assert [s.role for s in current] == [SeatRole.FULL]
    assert [s.role for s in mia.context["past_seats"]] == [SeatRole.ALTERNATE]
    assert "(rank 1)" in mia.content.decode()


def post_status(client: Client, number: str, data: dict[str, str]):
    """Post the status form as a browser does: with the version of the page it is on."""
    version = client.get(_member_url(number)).context["form"].initial["version"]
    return client.post(_member_url(number), {**data, "version": version})


def test_admin_changes_a_status_with_a_reason(org: Org, other: Member) -> None:
    client = _client(org.admin)
    response = post_status(
        client,
        "M-2",
        {"status": "suspended", "reason": "dues unpaid", "effective_on": "2026-01-31"},
    )
    assert response.status_code == 303
    other.refresh_from_db()
    assert other.status == MemberStatus.SUSPENDED
    page = client.get(response["Location"]).content.decode()
    assert "Otto Other is now suspended." in page
    assert "dues unpaid" in page
    history = [(c.previous_status, c.status) for c in other.status_changes.order_by("pk")]
    assert history == [("", "active"), ("active", "suspended")]
    assert other.status_changes.order_by("pk").last().effective_on == datetime.date(2026, 1, 31)  # type: ignore[union-attr]


def refused_status(client: Client, number: str, data: dict[str, str]) -> str:
    """A refused status change: its POST redirects, once, to the page that shows why."""
    posted = post_status(client, number, data)
    assert posted.status_code == 303
    page = client.get(posted["Location"])
    assert page.status_code == 200
    refusal = re.search(r'<p class="error" role="alert" id="status-refusal">(.*?)</p>', page.text)
    assert refusal is not None, "the page shows no refusal"
    # Shown once: reloading the page shows it no more.
    assert 'id="status-refusal"' not in client.get(posted["Location"]).text
    return refusal.group(1)


def test_status_change_without_a_reason_shows_the_rule(org: Org, other: Member) -> None:
    refusal = refused_status(_client(org.admin), "M-2", {"status": "left", "reason": "  "})
    assert refusal == "A change of status needs a reason."
    other.refresh_from_db()
    assert other.status == MemberStatus.ACTIVE


def test_status_change_with_a_malformed_date_shows_the_field_error(org: Org, other: Member) -> None:
    refusal = refused_status(
        _client(org.admin),
        "M-2",
        {"status": "left", "reason": "moved", "effective_on": "31.02.2026"},
    )
    assert refusal == "Enter a valid date."
    other.refresh_from_db()
    assert other.status == MemberStatus.ACTIVE


def test_status_change_to_the_same_status_shows_the_rule(org: Org, other: Member) -> None:
    refusal = refused_status(_client(org.admin), "M-2", {"status": "active", "reason": "x"})
    assert refusal == "Otto Other is already active."


def test_the_form_offers_only_real_changes(org: Org, other: Member) -> None:
    form = _client(org.admin).get(_member_url("M-2")).context["form"]
    assert [value for value, _label in form.fields["status"].choices] == ["suspended", "left"]


@pytest.mark.parametrize("who", ["secretary", "member_user"])
def test_only_admins_may_change_a_status(org: Org, other: Member, who: str) -> None:
    set_register_open_to_members(actor=SYSTEM, organization=_union(org), open_to_members=True)
    response = _client(getattr(org, who)).post(
        _member_url("M-2"), {"status": "suspended", "reason": "because"}
    )
    assert response.status_code == 403
    assert "changing a member&#x27;s status" in response.content.decode()
    other.refresh_from_db()
    assert other.status == MemberStatus.ACTIVE


# --- standing orders in force, and the error pages -----------------------------------------


def _adopt(body: Body, title: str, preset: str) -> None:
    adopt_standing_orders(actor=SYSTEM, body=body, title=title, document=PRESETS[preset])


def test_organization_home_names_the_standing_orders_in_force_with_their_description(
    org: Org,
) -> None:
    _adopt(_committee(org), "1956 practice", "1956-practice")
    _adopt(_committee(org), "Lenin-era rules", "lenin-era")  # version 2 replaces version 1
    page = _client(None).get(reverse("organization", args=["test-union"])).content.decode()
    in_force = page[page.index('id="orders-heading"') :]
    assert "Lenin-era rules" in in_force
    assert "1956 practice" not in page
    description = PRESETS["lenin-era"]["description"]
    assert isinstance(description, str) and description
    assert description.replace("'", "&#x27;") in in_force
    # The bodies table links each body to its orders on the body page.
    assert f'href="{reverse("body", args=["test-union", "cc"])}#orders-heading"' in page


def test_organization_home_without_standing_orders_says_none_are_adopted(org: Org) -> None:
    page = _client(None).get(reverse("organization", args=["test-union"])).content.decode()
    assert "None adopted" in page
    assert 'id="orders-heading"' not in page


def test_home_shows_which_standing_orders_each_organization_follows(org: Org) -> None:
    guild = create_organization(actor=SYSTEM, name="Second Guild", slug="guild")
    guild_congress = create_body(
        actor=SYSTEM,
        organization=guild,
        name="Congress",
        slug="congress",
        kind=BodyKind.CONGRESS,
        full_seats=5,
    )
    _adopt(_committee(org), "1956 practice", "1956-practice")
    _adopt(guild_congress, "Lenin-era rules", "lenin-era")
    page = _client(None).get(reverse("home")).content.decode()
    assert "In force: 1956 practice" in page
    assert "In force: Lenin-era rules" in page
    # Each organization's line names its own orders: the guild is listed first (by name).
    assert page.index("Second Guild") < page.index("In force: Lenin-era rules")
    assert page.index("In force: Lenin-era rules") < page.index("Test Union")
    assert page.index("Test Union") < page.index("In force: 1956 practice")


def test_an_unknown_address_gets_the_site_404_page(org: Org) -> None:
    response = _client(None).get("/o/nope/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert f'href="{reverse("home")}"' in page
    assert "Traceback" not in page


def test_a_refusal_explains_itself_before_naming_the_rule(org: Org) -> None:
    response = _client(org.member_user).get(reverse("register", args=["test-union"]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your account does not have a role that may do this here." in page
    assert "viewing the membership register" in page
