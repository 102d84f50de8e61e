"""The journal page: who may read it, paging newest first, and the chain check."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collegium.journal.models import JournalEntry
from collegium.journal.views import PAGE_SIZE
from collegium.registry.actions import create_organization, register_member
from tests.conftest import PASSWORD


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


def _register(org, count):
    for i in range(count):
        register_member(
            actor=org.admin, organization=org.organization, number=f"J-{i}", name=f"Journal {i}"
        )


def test_an_anonymous_visitor_is_sent_to_sign_in(org):
    response = _client().get(_url(org))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_outsider_gets_403_with_the_reason(org):
    response = _client(org.outsider).get(_url(org))
    assert response.status_code == 403
    assert "Not permitted: journal.view needs one of the roles admin, member, secretary." in (
        response.content.decode()
    )


@pytest.mark.parametrize("who", ["admin", "secretary", "member_user"])
def test_members_secretaries_and_admins_read_the_journal_newest_first(org, who):
    response = _client(getattr(org, who)).get(_url(org))
    assert response.status_code == 200
    html = response.content.decode()
    own = list(
        JournalEntry.objects.filter(organization=org.organization)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
    )
    assert _sequences(html) == own
    assert "organization.created" in html
    assert "register.member.added" in html


def test_an_entry_shows_actor_object_payload_and_hash(org):
    _register(org, 1)
    entry = JournalEntry.objects.get(code="register.member.added", payload__number="J-0")
    html = _client(org.member_user).get(_url(org)).content.decode()
    row = html[html.index(f'<tr id="entry-{entry.sequence}">') :]
    row = row[: row.index("</tr>")]
    assert '<td data-label="Actor">ada</td>' in row
    assert f"registry.member {entry.object_id}" in row
    assert "<dt>number</dt><dd>J-0</dd>" in row
    assert f'title="{entry.hash}">{entry.hash[:12]}…' in row


def test_a_long_payload_value_is_folded(org):
    from collegium.bodies.actions import adopt_standing_orders
    from collegium.rules.standing_orders import PRESETS

    adopt_standing_orders(
        actor=None, body=org.committee, title="Lenin-era rules", document=PRESETS["lenin-era"]
    )
    html = _client(org.admin).get(_url(org)).content.decode()
    row = html[html.index("body.orders.adopted") :]
    row = row[: row.index("</tr>")]
    assert "<dt>title</dt><dd>Lenin-era rules</dd>" in row
    assert "<dt>document</dt><dd><details><summary>" in row
    assert "counter_report" in row  # the whole document is there, folded


def test_entries_of_other_organizations_are_not_listed(org):
    from collegium.registry.actions import create_organization

    other = create_organization(actor=None, name="Other Union", slug="other")
    html = _client(org.admin).get(_url(org)).content.decode()
    assert other.pk
    other_entry = JournalEntry.objects.get(organization=other)
    assert other_entry.sequence not in _sequences(html)


def test_pages_of_fifty_walk_back_and_forward(org):
    _register(org, 2 * PAGE_SIZE)
    client = _client(org.admin)
    everything = list(
        JournalEntry.objects.filter(organization=org.organization)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
    )
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


def test_a_page_deep_in_the_journal_costs_no_more_queries(org):
    client = _client(org.admin)
    with CaptureQueriesContext(connection) as few:
        client.get(_url(org))
    _register(org, 3 * PAGE_SIZE)
    newest = JournalEntry.objects.order_by("-sequence").first()
    assert newest is not None
    with CaptureQueriesContext(connection) as many:
        client.get(_url(org), {"before": newest.sequence - PAGE_SIZE})
    # The short journal has no older page to look for; the long one checks once for it.
    assert len(many) <= len(few) + 1
    assert len(many) <= 12


def test_verify_reports_an_intact_chain(org):
    response = _client(org.member_user).post(_verify_url(org))
    assert response.status_code == 200
    total = JournalEntry.objects.count()
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
    html = _client(org.admin).post(_verify_url(org)).content.decode()
    assert (
        f"Chain broken at entry {altered.sequence}: its content does not match its recorded hash."
        in html
    )


def test_verify_is_refused_to_outsiders_and_needs_a_post(org):
    assert _client(org.outsider).post(_verify_url(org)).status_code == 403
    assert _client(org.admin).get(_verify_url(org)).status_code == 405


def test_the_journal_explains_why_verify_counts_more_entries_than_it_lists(org):
    create_organization(actor=None, name="Second Guild", slug="guild")  # outside this journal
    assert JournalEntry.objects.count() > (
        JournalEntry.objects.filter(organization=org.organization).count()
    )
    html = _client(org.member_user).get(_url(org)).content.decode()
    explanation = html.index("links the entries of every organization on this server")
    assert html.index("Verify the chain") < explanation < html.index("<table")
