"""The journal page: open to everyone, each reader shown the entries they may see; paging
newest first; the chain check."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collegium.audit.views import PAGE_SIZE
from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import create_organization, register_member
from tests.conftest import PASSWORD
from tests.journal.chains import ORG, entries_of


def _client(user=None):
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def _url(org):
    return reverse("journal", args=[org.organization.slug])


def _verify_url(org):
    return reverse("journal-verify", args=[org.organization.slug])


def _sequences(html):
    return [int(n) for n in re.findall(r'<tr id="entry-(\d+)">', html)]


def _newest_first(**visible):
    return list(
        entries_of(ORG).filter(**visible).order_by("-sequence").values_list("sequence", flat=True)
    )


def _register(org, count):
    for i in range(count):
        register_member(
            actor=Actor.page(org.admin),
            organization=org.organization,
            number=f"J-{i}",
            name=f"Journal {i}",
        )


def test_an_anonymous_visitor_reads_the_public_entries(org):
    response = _client().get(_url(org))
    assert response.status_code == 200
    html = response.content.decode()
    assert _sequences(html) == _newest_first(audience="public")
    assert "body.created" in html
    assert "register.member.added" not in html


def test_an_outsider_reads_the_public_entries_too(org):
    response = _client(org.outsider).get(_url(org))
    assert response.status_code == 200
    assert _sequences(response.content.decode()) == _newest_first(audience="public")


def test_a_member_reads_public_and_members_entries(org):
    from collegium.bodies.actions import seat_member
    from collegium.bodies.models import SeatOrigin, SeatRole

    seat_member(
        actor=SYSTEM,
        body=org.committee,
        role=SeatRole.FULL,
        origin=SeatOrigin.ELECTED,
        member=org.member,
    )
    html = _client(org.member_user).get(_url(org)).content.decode()
    assert _sequences(html) == _newest_first(audience__in=["public", "members"])
    assert "body.seat.assigned" in html
    assert "register.member.added" not in html


@pytest.mark.parametrize("who", ["admin", "secretary"])
def test_secretaries_and_admins_read_the_journal_newest_first(org, who):
    response = _client(getattr(org, who)).get(_url(org))
    assert response.status_code == 200
    html = response.content.decode()
    # Every entry of the fixture's chain: the secretary's own body's staff entry too.
    assert _sequences(html) == _newest_first()
    assert "organization.admin.added" in html
    assert "register.member.added" in html
    assert "body.secretary.added" in html
    # Creating the organization is the installation's entry, not this chain's.
    assert "organization.created" not in html


def test_an_entry_shows_actor_object_payload_and_hash(org):
    _register(org, 1)
    entry = JournalEntry.objects.get(code="register.member.added", payload__number="J-0")
    html = _client(org.secretary).get(_url(org)).content.decode()
    row = html[html.index(f'<tr id="entry-{entry.sequence}">') :]
    row = row[: row.index("</tr>")]
    assert '<td data-label="Actor">ada</td>' in row
    # The object by its model's name, the change and the fields in the reader's words.
    assert f"member {entry.object_id}" in row
    assert "Member entered" in row and "register.member.added" in row
    assert "<dt>member number</dt><dd>J-0</dd>" in row
    assert f'title="{entry.hash}">{entry.hash[:12]}…' in row


def test_a_long_payload_value_is_folded(org):
    from collegium.bodies.actions import adopt_standing_orders
    from collegium.rules.standing_orders.presets import PRESETS

    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="Lenin-era rules", document=PRESETS["lenin-era"]
    )
    # Standing orders are public: an anonymous visitor reads them in the journal.
    html = _client().get(_url(org)).content.decode()
    row = html[html.index("body.orders.adopted") :]
    row = row[: row.index("</tr>")]
    assert "<dt>title</dt><dd>Lenin-era rules</dd>" in row
    assert "<dt>document</dt><dd><details><summary>" in row
    assert "counter_report" in row  # the whole document is there, folded


def test_entries_of_other_organizations_are_not_listed(org):
    other = create_organization(actor=SYSTEM, name="Other Union", slug="other")
    register_member(actor=SYSTEM, organization=other, number="O-1", name="Not Ours")
    html = _client(org.admin).get(_url(org)).content.decode()
    other_entry = JournalEntry.objects.get(chain__key="other")
    # Its sequence is 1 in its own chain, like ours: only the hash tells them apart.
    assert other_entry.sequence == 1
    assert other_entry.hash not in html
    assert "Not Ours" not in html
    assert _sequences(html) == _newest_first()


def test_an_unknown_organization_is_404(db):
    assert _client().get(reverse("journal", args=["nowhere"])).status_code == 404
    assert _client().post(reverse("journal-verify", args=["nowhere"])).status_code == 404


def test_pages_of_fifty_walk_back_and_forward(org):
    _register(org, 2 * PAGE_SIZE)
    client = _client(org.admin)
    everything = _newest_first()
    first = client.get(_url(org)).content.decode()
    assert _sequences(first) == everything[:PAGE_SIZE]
    assert "Newer entries" not in first
    older = re.search(r'href="\?before=(\d+)"', first)
    assert older is not None
    second = client.get(_url(org), {"before": older.group(1)}).content.decode()
    assert _sequences(second) == everything[PAGE_SIZE : 2 * PAGE_SIZE]
    newer = re.search(r'href="\?after=(\d+)"', second)
    assert newer is not None
    back = client.get(_url(org), {"after": newer.group(1)}).content.decode()
    assert _sequences(back) == everything[:PAGE_SIZE]
    last = re.search(r'href="\?before=(\d+)"', second)
    assert last is not None
    third = client.get(_url(org), {"before": last.group(1)}).content.decode()
    assert _sequences(third) == everything[2 * PAGE_SIZE :]
    assert "Older entries" not in third


def test_a_members_pages_skip_what_they_may_not_see(org):
    from collegium.bodies.actions import create_body
    from collegium.bodies.models import BodyKind

    for i in range(PAGE_SIZE + 5):
        create_body(
            actor=SYSTEM,
            organization=org.organization,
            name=f"Commission {i}",
            slug=f"c-{i}",
            kind=BodyKind.COMMISSION,
            full_seats=1,
        )
        register_member(actor=SYSTEM, organization=org.organization, number=f"P-{i}", name="P")
    visible = _newest_first(audience__in=["public", "members"])
    client = _client(org.member_user)
    first = client.get(_url(org)).content.decode()
    assert _sequences(first) == visible[:PAGE_SIZE]
    older = re.search(r'href="\?before=(\d+)"', first)
    assert older is not None
    second = client.get(_url(org), {"before": older.group(1)}).content.decode()
    assert _sequences(second) == visible[PAGE_SIZE:]
    assert "Older entries" not in second


def test_a_page_deep_in_the_journal_costs_no_more_queries(org):
    client = _client(org.admin)
    with CaptureQueriesContext(connection) as few:
        client.get(_url(org))
    _register(org, 3 * PAGE_SIZE)
    newest = entries_of(ORG).last()
    assert newest is not None
    with CaptureQueriesContext(connection) as many:
        client.get(_url(org), {"before": newest.sequence - PAGE_SIZE})
    # The short journal has no older page to look for; the long one checks once for it.
    assert len(many) <= len(few) + 1
    assert len(many) <= 12


def test_verify_reports_an_intact_chain(org):
    response = _client(org.member_user).post(_verify_url(org), follow=True)
    assert response.redirect_chain == [(f"/o/{ORG}/journal/", 302)]
    # The check covers the whole chain, more entries than a member sees listed.
    total = entries_of(ORG).count()
    assert f"Chain intact: {total} entries verified." in response.content.decode()


def test_verify_by_htmx_returns_only_the_result(org):
    response = _client(org.member_user).post(_verify_url(org), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Chain intact:" in html
    assert "<html" not in html


def test_verify_names_the_first_altered_entry(org):
    _register(org, 3)
    altered = JournalEntry.objects.get(payload__number="J-1")
    JournalEntry.objects.filter(pk=altered.pk).update(payload={"number": "J-1", "name": "Nobody"})
    html = _client(org.admin).post(_verify_url(org), follow=True).content.decode()
    assert (
        f"Chain broken at entry {altered.sequence}: its content does not match its recorded hash."
        in html
    )


def test_anyone_may_verify_but_only_by_post(org):
    assert _client().post(_verify_url(org)).status_code == 302
    assert _client(org.outsider).post(_verify_url(org)).status_code == 302
    assert _client(org.admin).get(_verify_url(org)).status_code == 405
    assert _client().get(_verify_url(org)).status_code == 405


def test_the_journal_explains_that_verify_counts_entries_the_reader_does_not_see(org):
    create_organization(actor=SYSTEM, name="Second Guild", slug="guild")  # another chain
    member = _client(org.member_user).get(_url(org)).content.decode()
    assert len(_sequences(member)) < entries_of(ORG).count()
    explanation = member.index("including those you may not see")
    assert member.index("Verify the chain") < explanation < member.index("<table")
    assert "the server reuses its last check until a new entry is recorded" in member
    staff = _client(org.admin).get(_url(org)).content.decode()
    assert "re-hashes every entry of this organization's chain" in staff
    assert "including those other readers do not see" in staff


def test_a_plain_check_redirects_and_shows_its_result_once(org):
    """After a form's POST, a redirect: reloading the page checks nothing again."""
    client = _client(org.member_user)
    response = client.post(f"{_verify_url(org)}?before=5", follow=True)
    assert response.redirect_chain == [(f"/o/{ORG}/journal/?before=5", 302)]
    assert "Chain intact:" in response.content.decode()
    assert "Chain intact:" not in client.get(f"/o/{ORG}/journal/").content.decode()
