"""The journal's hash chain: written by every action, checked by `collegium verify`."""

from __future__ import annotations

import itertools

import pytest
from typer.testing import CliRunner

from collegium.cli import _register, app
from collegium.journal.chain import GENESIS, first_break
from collegium.journal.models import JournalEntry, JournalHead
from collegium.journal.queries import verify_chain
from collegium.registry.actions import register_member

pytestmark = pytest.mark.django_db(transaction=True)


def _verify():
    _register()
    return CliRunner().invoke(app, ["verify"])


def test_entries_link_to_their_predecessor(org):
    entries = list(JournalEntry.objects.order_by("sequence"))
    assert entries[0].previous_hash == GENESIS
    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.hash
    assert JournalHead.objects.get().last_hash == entries[-1].hash
    assert verify_chain() == (len(entries), None)


def test_verify_passes_on_an_intact_journal(org):
    result = _verify()
    assert result.exit_code == 0, result.output
    assert f"{JournalEntry.objects.count():,} entries verified" in result.output


def test_verify_names_the_entry_altered_in_the_database(org):
    target = JournalEntry.objects.get(code="register.member.added")
    JournalEntry.objects.filter(pk=target.pk).update(payload={"number": "M-1", "name": "Forged"})
    result = _verify()
    assert result.exit_code != 0
    assert f"journal entry {target.sequence} does not verify" in result.output
    assert "content does not match" in result.output


def test_verify_notices_a_deleted_entry(org):
    JournalEntry.objects.filter(sequence=2).delete()
    _count, broken = verify_chain()
    assert broken is not None and broken.sequence == 3
    assert "entry 2 is missing" in broken.reason


def test_verify_notices_entries_cut_from_the_end(org):
    last = JournalEntry.objects.order_by("-sequence").first()
    assert last is not None
    JournalEntry.objects.filter(pk=last.pk).delete()
    _, broken = verify_chain()
    assert broken is not None
    assert f"head records {last.sequence}" in broken.reason


def test_a_failed_action_leaves_no_entry(org):
    before = JournalEntry.objects.count()
    with pytest.raises(Exception, match="already in the register"):
        register_member(actor=None, organization=org.organization, number="M-1", name="Twice")
    assert JournalEntry.objects.count() == before
    assert verify_chain()[1] is None


def test_chain_check_is_pure():
    assert first_break([]) is None
