"""Checking a chain from the journal page. Anyone may ask; staff get a fresh re-hash each
time, everyone else the check of the chain's current head, computed at most once per
head (audit/checks.py), so a visitor cannot make the server re-hash on demand."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.journal.queries import Checkpoint, head_of
from collegium.registry.actions import register_member
from tests.conftest import Org
from tests.journal.chains import ORG, chain, entries_of
from tests.journal.conftest import Rehashes

VERIFY = reverse("journal-verify", args=[ORG])


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _check(client: Client, **form: str) -> str:
    response = client.post(VERIFY, form, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def _register(org: Org, number: str) -> None:
    register_member(actor=SYSTEM, organization=org.organization, number=number, name=number)


def test_an_anonymous_visitor_may_check_the_chain(org: Org, rehashes: Rehashes) -> None:
    response = Client().post(VERIFY, follow=True)
    assert response.redirect_chain[0][1] == 302
    html = response.content.decode()
    assert f"Chain intact: {entries_of(ORG).count()} entries verified." in html
    assert '<li class="success">' in html
    assert "Verify the chain" in html  # without htmx, the whole page
    assert len(rehashes) == 1


def test_the_same_head_is_rehashed_once_for_everyone_but_staff(
    org: Org, rehashes: Rehashes
) -> None:
    anonymous, member, outsider = _client(), _client(org.member_user), _client(org.outsider)
    total = entries_of(ORG).count()
    for client in (anonymous, anonymous, member, outsider):
        assert f"Chain intact: {total} entries verified." in _check(client)
    assert [key for key, _ in rehashes.calls] == [ORG]
    assert rehashes.last == {}

    _register(org, "N-1")  # a new head
    assert f"Chain intact: {total + 1} entries verified." in _check(anonymous)
    assert f"Chain intact: {total + 1} entries verified." in _check(member)
    assert len(rehashes) == 2


def test_staff_get_a_fresh_check_each_time(org: Org, rehashes: Rehashes) -> None:
    total = entries_of(ORG).count()
    for user in (org.admin, org.admin, org.secretary, org.secretary):
        assert f"Chain intact: {total} entries verified." in _check(_client(user))
    assert len(rehashes) == 4
    # A visitor after them still gets (and caches) a check of their own.
    _check(_client())
    _check(_client())
    assert len(rehashes) == 5


def test_an_alteration_reaches_visitors_with_the_next_head(org: Org, rehashes: Rehashes) -> None:
    """Between two heads a visitor is shown the check of the current one, even when an
    entry was altered since; the staff's fresh check shows it at once; the next entry
    makes a new head and the visitors' next check finds it too."""
    anonymous = _client()
    assert "Chain intact" in _check(anonymous)
    altered = JournalEntry.objects.get(code="register.member.added")
    JournalEntry.objects.filter(pk=altered.pk).update(payload={"number": "M-1", "name": "X"})
    assert "Chain intact" in _check(anonymous)
    broken = f"Chain broken at entry {altered.sequence}: its content does not match"
    assert broken in _check(_client(org.admin))
    _register(org, "N-1")
    html = _check(anonymous)
    assert broken in html
    assert '<p class="error" role="status">' in html
    assert len(rehashes) == 3


def test_a_posted_checkpoint_is_used(org: Org, rehashes: Rehashes) -> None:
    kept = head_of(chain())
    _register(org, "N-1")
    _register(org, "N-2")
    head = head_of(chain())
    passes = (
        f"Chain intact up to entry {head.sequence}, and it passes through your checkpoint "
        f"at entry {kept.sequence}."
    )
    # A visitor: the cached check of the head, and one indexed read for the checkpoint.
    assert passes in _check(_client(), checkpoint=str(kept))
    assert passes in _check(_client(org.member_user), checkpoint=f" {kept} ")
    assert len(rehashes) == 1
    assert rehashes.last == {}
    # Staff: a fresh check through the checkpoint, from it with "only after".
    assert passes in _check(_client(org.admin), checkpoint=str(kept))
    assert rehashes.last == {"checkpoint": kept, "only_after": False}
    assert passes in _check(_client(org.admin), checkpoint=str(kept), only_after="1")
    assert rehashes.last == {"checkpoint": kept, "only_after": True}
    assert len(rehashes) == 3


def test_a_checkpoint_the_chain_does_not_pass_is_reported(org: Org, rehashes: Rehashes) -> None:
    kept = head_of(chain())
    forged = Checkpoint(kept.sequence, "e" * 64)
    message = (
        f"Chain broken at entry {kept.sequence}: the chain no longer passes through the "
        f"checkpoint {forged}."
    )
    assert message in _check(_client(), checkpoint=str(forged))
    assert message in _check(_client(org.admin), checkpoint=str(forged))


def test_a_malformed_checkpoint_shows_an_error_and_changes_nothing(
    org: Org, rehashes: Rehashes
) -> None:
    entries, head = JournalEntry.objects.count(), head_of(chain())
    for client in (_client(), _client(org.admin)):
        html = _check(client, checkpoint="120:not-a-hash")
        assert '<p class="error" role="status">' in html
        assert "A checkpoint is written SEQUENCE:HASH, e.g. 120:" in html
        assert "Chain" not in html
        page = client.post(VERIFY, {"checkpoint": "latest"}, follow=True).content.decode()
        assert "A checkpoint is written SEQUENCE:HASH" in page
    assert len(rehashes) == 0
    assert JournalEntry.objects.count() == entries
    assert head_of(chain()) == head


def test_only_staff_are_offered_the_only_after_check(org: Org) -> None:
    page = reverse("journal", args=[ORG])
    assert 'name="only_after"' in _client(org.admin).get(page).content.decode()
    assert 'name="only_after"' in _client(org.secretary).get(page).content.decode()
    assert 'name="only_after"' not in _client(org.member_user).get(page).content.decode()
    assert 'name="only_after"' not in _client().get(page).content.decode()


def test_a_visitor_asking_for_only_after_gets_the_cached_full_check(
    org: Org, rehashes: Rehashes
) -> None:
    kept = head_of(chain())
    _register(org, "N-1")
    html = _check(_client(), checkpoint=str(kept), only_after="1")
    assert "passes through your checkpoint" in html
    assert rehashes.last == {}


def test_the_page_shows_the_head_as_a_checkpoint_to_keep(org: Org) -> None:
    html = _client().get(reverse("journal", args=[ORG])).content.decode()
    assert f'<code class="checkpoint-value" id="head-checkpoint">{head_of(chain())}</code>' in html
