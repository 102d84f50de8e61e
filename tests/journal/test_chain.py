"""The journal's hash chains, one per organization and one for the installation: written by
every action, checked by `verify_chain` and `collegium verify`."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from typer.testing import CliRunner

from collegium.access.actions import create_account, issue_token, revoke_token
from collegium.cli import _register, app
from collegium.journal.actors import SYSTEM
from collegium.journal.chain import GENESIS, INSTALLATION, ChainedEntry, entry_hash, first_break
from collegium.journal.models import JournalChain, JournalEntry
from collegium.journal.queries import Checkpoint, chain_of, verify_all, verify_chain
from collegium.registry.actions import create_organization, register_member
from collegium.rules.errors import RuleError
from tests.journal.chains import ORG, assert_all_intact, chain, entries_of, verified

pytestmark = pytest.mark.django_db(transaction=True)

# The `org` fixture's own chain: admin added, committee created, its secretary added,
# one member registered and given a login. "organization.created" is the installation's.
FIXTURE_CODES = [
    "organization.admin.added",
    "body.created",
    "body.secretary.added",
    "register.member.added",
    "register.member.login_linked",
]


def _verify(*args: str):
    _register()
    return CliRunner().invoke(app, ["verify", *args])


def test_entries_link_to_their_predecessor(org):
    for key in (ORG, INSTALLATION):
        entries = list(entries_of(key))
        assert entries[0].previous_hash == GENESIS
        assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
        for before, after in itertools.pairwise(entries):
            assert after.previous_hash == before.hash
        head = chain(key)
        assert (head.last_sequence, head.last_hash) == (entries[-1].sequence, entries[-1].hash)
        result = verify_chain(head)
        assert (result.chain, result.checked, result.broken) == (key, len(entries), None)
        assert result.head == Checkpoint(entries[-1].sequence, entries[-1].hash)


def test_each_organization_has_its_own_chain_from_genesis(org):
    assert [e.code for e in entries_of(ORG)] == FIXTURE_CODES
    other = create_organization(actor=SYSTEM, name="Other Union", slug="other")
    assert chain("other").organization == other
    assert (chain("other").last_sequence, chain("other").last_hash) == (0, GENESIS)
    first = register_member(actor=SYSTEM, organization=other, number="O-1", name="First")
    register_member(actor=SYSTEM, organization=org.organization, number="M-2", name="Ours")

    theirs = list(entries_of("other"))
    assert [(e.sequence, e.previous_hash, e.object_id) for e in theirs] == [
        (1, GENESIS, str(first.pk))
    ]
    # The second organization's entry did not move the first organization's chain on.
    assert [e.sequence for e in entries_of(ORG)] == list(range(1, len(FIXTURE_CODES) + 2))
    assert verified("other").checked == 1
    assert chain_of(other.pk).key == "other"


def test_installation_entries_land_in_the_installation_chain(org):
    user = create_account(actor=SYSTEM, username="newcomer", password="x" * 20)
    token, _secret = issue_token(actor=SYSTEM, user=user, name="script")
    revoke_token(actor=SYSTEM, token=token)
    create_organization(actor=SYSTEM, name="Second Guild", slug="guild")

    installation = list(entries_of(INSTALLATION))
    assert [e.code for e in installation] == [
        "organization.created",  # the fixture's organization
        "access.account.created",
        "access.token.issued",
        "access.token.revoked",
        "organization.created",
    ]
    assert [e.sequence for e in installation] == [1, 2, 3, 4, 5]
    assert [e.audience for e in installation] == [
        "public",
        "operators",
        "operators",
        "operators",
        "public",
    ]
    assert installation[-1].payload == {
        "name": "Second Guild",
        "slug": "guild",
        "languages": "en",
        "time_zone": "UTC",
    }
    assert chain(INSTALLATION).organization is None
    # None of them is in an organization's chain.
    organization_codes = set(
        JournalEntry.objects.exclude(chain__key=INSTALLATION).values_list("code", flat=True)
    )
    assert not organization_codes & {e.code for e in installation}
    assert {r.chain for r in assert_all_intact()} == {INSTALLATION, ORG, "guild"}


def test_verify_all_checks_the_installation_chain_first(org):
    create_organization(actor=SYSTEM, name="Other Union", slug="other")
    assert [r.chain for r in verify_all()] == [INSTALLATION, ORG, "other"]


def test_an_entry_records_its_audience_and_body(org):
    entries = {e.code: e for e in entries_of(ORG)}
    assert entries["body.created"].audience == "public"
    assert entries["body.created"].body_id == org.committee.pk
    assert entries["body.secretary.added"].audience == "body-staff"
    assert entries["body.secretary.added"].body_id == org.committee.pk
    assert entries["register.member.added"].audience == "organization-staff"
    assert entries["register.member.added"].body_id is None


def test_verify_passes_on_an_intact_journal(org):
    create_organization(actor=SYSTEM, name="Other Union", slug="other")
    result = _verify()
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    installation, ours = entries_of(INSTALLATION).count(), entries_of(ORG).count()
    assert (
        f"Journal @installation intact: {installation} entries verified; head {installation}."
        in lines
    ), result.output
    assert f"Journal {ORG} intact: {ours:,} entries verified; head {ours}." in lines, result.output
    assert "Journal other intact: 0 entries verified; head 0." in lines
    assert len(lines) == 3


def test_verify_names_the_entry_altered_in_the_database(org):
    target = JournalEntry.objects.get(code="register.member.added")
    JournalEntry.objects.filter(pk=target.pk).update(payload={"number": "M-1", "name": "Forged"})
    result = _verify()
    assert result.exit_code != 0
    assert f"journal {ORG}: entry {target.sequence} does not verify" in result.output
    assert "content does not match" in result.output
    assert verified(INSTALLATION).broken is None


def test_verify_of_one_organization(org):
    result = _verify("--organization", ORG)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"Journal {ORG} intact: {len(FIXTURE_CODES)} entries verified; head {len(FIXTURE_CODES)}."
    )
    installation = _verify("--organization", INSTALLATION)
    assert installation.exit_code == 0, installation.output
    assert "Journal @installation intact: 1 entries verified" in installation.output
    unknown = _verify("--organization", "nowhere")
    assert unknown.exit_code != 0
    assert "no organization with the slug 'nowhere'" in unknown.output


def test_verify_notices_a_deleted_entry(org):
    entries_of(ORG).filter(sequence=2).delete()
    broken = verified().broken
    assert broken is not None and broken.sequence == 3
    assert "entry 2 is missing" in broken.reason


def test_verify_notices_entries_cut_from_the_end(org):
    last = entries_of(ORG).last()
    assert last is not None
    JournalEntry.objects.filter(pk=last.pk).delete()
    broken = verified().broken
    assert broken is not None
    assert f"head records {last.sequence}" in broken.reason


def test_a_failed_action_leaves_no_entry(org):
    before = JournalEntry.objects.count()
    head = Checkpoint(chain().last_sequence, chain().last_hash)
    with pytest.raises(RuleError, match="already in the register"):
        register_member(actor=SYSTEM, organization=org.organization, number="M-1", name="Twice")
    assert JournalEntry.objects.count() == before
    assert Checkpoint(chain().last_sequence, chain().last_hash) == head
    assert verified().broken is None


# Tampering that the per-organization chains must notice.


def _other_with_entries(count: int) -> JournalChain:
    other = create_organization(actor=SYSTEM, name="Other Union", slug="other")
    for i in range(count):
        register_member(actor=SYSTEM, organization=other, number=f"O-{i}", name=f"Other {i}")
    return chain("other")


def test_an_entry_moved_to_another_organizations_chain_breaks_both(org):
    """The attacker moves an entry into another organization's chain at the place that
    fits: next sequence, linked to that chain's last hash, and that chain's head moved on
    to it. Only the chain key inside the hash gives it away there; its own chain misses
    it."""
    other = _other_with_entries(2)
    moved = JournalEntry.objects.get(code="body.created")
    JournalEntry.objects.filter(pk=moved.pk).update(
        chain=other, sequence=other.last_sequence + 1, previous_hash=other.last_hash
    )
    JournalChain.objects.filter(pk=other.pk).update(
        last_sequence=other.last_sequence + 1, last_hash=moved.hash
    )

    theirs = verified("other").broken
    assert theirs is not None
    assert theirs.sequence == 3
    assert theirs.reason == "its content does not match its recorded hash"
    ours = verified().broken
    assert ours is not None
    assert ours.sequence == moved.sequence + 1
    assert f"entry {moved.sequence} is missing" in ours.reason


def test_an_entry_moved_with_its_sequence_is_noticed_too(org):
    """The same move without re-linking: its place in the other chain is free (that chain
    is shorter), so only the hash and the link can tell."""
    other = _other_with_entries(1)
    moved = entries_of(ORG).get(code="register.member.added")
    assert moved.sequence > 2
    JournalEntry.objects.filter(pk=moved.pk).update(chain=other, sequence=2)
    JournalChain.objects.filter(pk=other.pk).update(last_sequence=2, last_hash=moved.hash)
    broken = verified("other").broken
    assert broken is not None and broken.sequence == 2
    ours = verified().broken
    assert ours is not None and f"entry {moved.sequence} is missing" in ours.reason


@pytest.mark.parametrize(
    ("code", "change"),
    [
        ("register.member.added", {"audience": "public"}),
        ("body.secretary.added", {"audience": "members"}),
        ("body.secretary.added", {"body_id": None}),
        ("body.created", {"body_id": 999}),
        ("register.member.added", {"channel": "page"}),
    ],
)
def test_altering_an_entrys_audience_body_or_channel_breaks_the_chain(org, code, change):
    target = JournalEntry.objects.get(code=code)
    JournalEntry.objects.filter(pk=target.pk).update(**change)
    broken = verified().broken
    assert broken is not None
    assert (broken.sequence, broken.reason) == (
        target.sequence,
        "its content does not match its recorded hash",
    )


def test_an_altered_head_hash_is_noticed(org):
    head = chain()
    JournalChain.objects.filter(pk=head.pk).update(last_hash="f" * 64)
    broken = verified().broken
    assert broken is not None
    assert broken.sequence == head.last_sequence
    assert broken.reason == "its hash is not the one the chain's head records"


def test_a_head_moved_back_is_noticed(org):
    head = chain()
    previous = entries_of(ORG).get(sequence=head.last_sequence - 1)
    JournalChain.objects.filter(pk=head.pk).update(
        last_sequence=previous.sequence, last_hash=previous.hash
    )
    broken = verified().broken
    assert broken is not None
    assert "head records" in broken.reason


# The pure check, as an auditor runs it on an exported chain.


def _chained(key: str, count: int) -> list[ChainedEntry]:
    entries, previous = [], GENESIS
    for sequence in range(1, count + 1):
        fields: dict[str, Any] = {
            "chain": key,
            "sequence": sequence,
            "recorded_at": "2026-01-01T00:00:00.000000+00:00",
            "actor": "system",
            "channel": "system",
            "code": "body.created",
            "audience": "public",
            "body_id": 1,
            "object_type": "bodies.body",
            "object_id": "1",
            "payload": {"name": "Central Committee"},
            "previous_hash": previous,
        }
        previous = entry_hash(**fields)
        entries.append(ChainedEntry(**fields, hash=previous))
    return entries


def test_chain_check_is_pure():
    assert first_break([], chain="acme") is None
    assert first_break(_chained("acme", 3), chain="acme") is None


def test_the_chain_key_is_inside_the_hash():
    ours, theirs = _chained("acme", 1)[0], _chained("other", 1)[0]
    assert ours.hash != theirs.hash
    # Read as another chain's, an entry does not verify even when its key is relabelled.
    relabelled = ChainedEntry(**{**vars(ours), "chain": "other"})
    broken = first_break([relabelled], chain="other")
    assert broken is not None and broken.reason == "its content does not match its recorded hash"
    foreign = first_break([ours], chain="other")
    assert foreign is not None and foreign.reason == "it belongs to the chain acme, not other"


def test_the_pure_check_starts_after_a_checkpoint():
    entries = _chained("acme", 4)
    later = entries[2:]
    assert first_break(later, chain="acme", after_sequence=2, after_hash=entries[1].hash) is None
    wrong = first_break(entries[2:], chain="acme", after_sequence=2, after_hash=GENESIS)
    assert wrong is not None and wrong.sequence == 3
