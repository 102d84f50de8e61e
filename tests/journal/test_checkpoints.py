"""Checkpoints: a chain's head kept by a reader (`SEQUENCE:HASH`), through which the chain
must still pass later. A history rewritten and re-hashed consistently from the start
passes a plain check; only a checkpoint kept before the rewrite exposes it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from collegium.cli import _register, app
from collegium.journal.actors import SYSTEM
from collegium.journal.chain import GENESIS, INSTALLATION
from collegium.journal.models import JournalEntry
from collegium.journal.queries import Checkpoint, head_of, verify_chain
from collegium.registry.actions import create_organization, register_member
from tests.journal.chains import ORG, chain, entries_of, rehash

pytestmark = pytest.mark.django_db(transaction=True)

LATER = 3  # members registered after the checkpoint was kept


def _cli(*args: str):
    _register()
    return CliRunner().invoke(app, list(args))


def _later_actions(org) -> None:
    for i in range(LATER):
        register_member(
            actor=SYSTEM, organization=org.organization, number=f"L-{i}", name=f"Later {i}"
        )


def _rewrite_history() -> JournalEntry:
    """Forge the register entry of the fixture's member and re-hash the whole chain."""
    forged = JournalEntry.objects.get(code="register.member.added", payload__number="M-1")
    JournalEntry.objects.filter(pk=forged.pk).update(
        payload={"number": "M-1", "name": "Someone Else", "unit": "North"}
    )
    assert verify_chain(chain()).broken is not None  # before the re-hash
    rehash()
    return forged


def test_a_checkpoint_is_written_sequence_colon_hash():
    digest = "ab" * 32
    assert Checkpoint.parse(f"12:{digest}") == Checkpoint(12, digest)
    assert Checkpoint.parse(f"  12:{digest.upper()}\n") == Checkpoint(12, digest)
    assert str(Checkpoint(12, digest)) == f"12:{digest}"


@pytest.mark.parametrize(
    "text",
    ["", "12", "12:", f"12:{'a' * 63}", f"12:{'g' * 64}", f"-1:{'a' * 64}", f"x:{'a' * 64}"],
)
def test_a_malformed_checkpoint_is_refused(text):
    with pytest.raises(ValueError, match="A checkpoint is written SEQUENCE:HASH"):
        Checkpoint.parse(text)


def test_a_checkpoint_with_odd_digits_gets_the_rules_message():
    with pytest.raises(ValueError) as refused:
        Checkpoint.parse(f"\u00b2:{'a' * 64}")
    assert "A checkpoint is written SEQUENCE:HASH" in str(refused.value)


def test_the_chain_passes_through_a_checkpoint_kept_before_later_actions(org):
    kept = head_of(chain())
    _later_actions(org)
    result = verify_chain(chain(), checkpoint=kept)
    assert result.broken is None
    assert result.checked == kept.sequence + LATER
    assert result.head == head_of(chain())


def test_a_consistently_rehashed_history_passes_alone_but_not_through_the_checkpoint(org):
    kept = head_of(chain())
    _later_actions(org)
    forged = _rewrite_history()

    plain = verify_chain(chain())
    assert plain.broken is None
    assert plain.checked == entries_of(ORG).count()
    through = verify_chain(chain(), checkpoint=kept)
    assert through.broken is not None
    assert through.broken.sequence == kept.sequence
    assert through.broken.reason == (
        f"the chain no longer passes through the checkpoint {kept.sequence}:{kept.hash}"
    )
    assert through.checked == 0
    # A checkpoint kept after the rewrite passes, of course: it is the new history's.
    assert forged.sequence <= kept.sequence
    assert verify_chain(chain(), checkpoint=head_of(chain())).broken is None


def test_only_after_hashes_only_the_entries_after_the_checkpoint(org):
    kept = head_of(chain())
    _later_actions(org)
    result = verify_chain(chain(), checkpoint=kept, only_after=True)
    assert (result.broken, result.checked) == (None, LATER)
    at_head = verify_chain(chain(), checkpoint=head_of(chain()), only_after=True)
    assert (at_head.broken, at_head.checked) == (None, 0)


def test_only_after_notices_what_changed_after_the_checkpoint(org):
    kept = head_of(chain())
    _later_actions(org)
    altered = entries_of(ORG).get(code="register.member.added", payload__number="L-1")
    JournalEntry.objects.filter(pk=altered.pk).update(payload={"number": "L-1", "name": "X"})
    result = verify_chain(chain(), checkpoint=kept, only_after=True)
    assert result.broken is not None
    assert result.broken.sequence == altered.sequence


def test_only_after_takes_the_entries_up_to_the_checkpoint_as_verified(org):
    """What `only_after` trades away: an alteration before the checkpoint that leaves the
    checkpoint's own entry alone is not hashed; a full check still finds it."""
    first = entries_of(ORG).first()
    assert first is not None
    kept = head_of(chain())
    _later_actions(org)
    JournalEntry.objects.filter(pk=first.pk).update(payload={"username": "mallory"})
    assert verify_chain(chain(), checkpoint=kept, only_after=True).broken is None
    full = verify_chain(chain(), checkpoint=kept)
    assert full.broken is not None and full.broken.sequence == first.sequence


def test_a_checkpoint_beyond_the_head_is_not_passed(org):
    head = head_of(chain())
    ahead = Checkpoint(head.sequence + 1, head.hash)
    result = verify_chain(chain(), checkpoint=ahead)
    assert result.broken is not None
    assert result.broken.sequence == head.sequence + 1
    assert "no longer passes through the checkpoint" in result.broken.reason


def test_another_organizations_checkpoint_does_not_fit(org):
    other = create_organization(actor=SYSTEM, name="Other Union", slug="other")
    register_member(actor=SYSTEM, organization=other, number="O-1", name="Other")
    theirs = head_of(chain("other"))
    result = verify_chain(chain(), checkpoint=theirs)
    assert result.broken is not None
    assert result.broken.sequence == theirs.sequence


def test_the_head_of_an_empty_chain_is_a_checkpoint_it_passes():
    create_organization(actor=SYSTEM, name="New Union", slug="new")
    kept = head_of(chain("new"))
    assert kept == Checkpoint(0, GENESIS)
    assert verify_chain(chain("new"), checkpoint=kept).broken is None


# The command line: `collegium journal head` and `collegium verify --checkpoint`.


def test_journal_head_prints_the_checkpoint(org):
    result = _cli("journal", "head", "--organization", ORG)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(head_of(chain()))
    installation = _cli("journal", "head", "--organization", INSTALLATION)
    assert installation.output.strip() == str(head_of(chain(INSTALLATION)))
    unknown = _cli("journal", "head", "--organization", "nowhere")
    assert unknown.exit_code != 0
    assert "no organization with the slug 'nowhere'" in unknown.output


def test_verify_through_a_kept_checkpoint_on_the_command_line(org):
    kept = _cli("journal", "head", "--organization", ORG).output.strip()
    _later_actions(org)
    total = entries_of(ORG).count()

    passed = _cli("verify", "--organization", ORG, "--checkpoint", kept)
    assert passed.exit_code == 0, passed.output
    assert passed.output.strip() == (
        f"Journal {ORG} intact: {total} entries verified; head {total}."
    )
    after = _cli("verify", "--organization", ORG, "--checkpoint", kept, "--only-after")
    assert after.exit_code == 0, after.output
    assert f"intact: {LATER} entries verified; head {total}." in after.output

    _rewrite_history()
    assert _cli("verify", "--organization", ORG).exit_code == 0
    failed = _cli("verify", "--organization", ORG, "--checkpoint", kept)
    assert failed.exit_code != 0
    sequence = kept.split(":")[0]
    assert (
        f"journal {ORG}: entry {sequence} does not verify: the chain no longer passes "
        f"through the checkpoint {kept}"
    ) in failed.output


@pytest.mark.parametrize(
    "arguments",
    [
        ["--organization", ORG, "--checkpoint", "12:nothex"],
        ["--organization", ORG, "--checkpoint", "twelve"],
        ["--checkpoint", f"1:{'a' * 64}"],
        ["--organization", ORG, "--only-after"],
    ],
)
def test_verify_refuses_a_bad_checkpoint_in_one_line(org, arguments):
    result = _cli("verify", *arguments)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output


def test_verify_names_the_malformed_checkpoint_rule(org):
    result = _cli("verify", "--organization", ORG, "--checkpoint", "12:nothex")
    assert "A checkpoint is written SEQUENCE:HASH" in result.output
