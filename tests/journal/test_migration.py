"""Migrations 0004–0006: the single journal chain becomes one chain per organization plus
the installation's. The old chain is verified with its own hash first (a tampered one is
refused, never laundered by re-hashing); each entry then moves to its chain, gets its
audience and body, and is hashed anew."""

from __future__ import annotations

import datetime
import hashlib
import importlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from collegium.journal.actors import SYSTEM
from collegium.journal.chain import GENESIS, INSTALLATION
from collegium.journal.codes import all_codes, declared
from collegium.journal.models import JournalChain, JournalEntry
from collegium.journal.queries import verify_all
from collegium.registry.models import Organization

pytestmark = pytest.mark.django_db(transaction=True)

SINGLE_CHAIN = ("journal", "0003_org_sequence_index")


def _nodes(journal: tuple[str, str] | None) -> list[tuple[str, str]]:
    """Every app at its latest migration, the journal at `journal` (None: its latest)."""
    leaves: list[tuple[str, str]] = MigrationExecutor(connection).loader.graph.leaf_nodes()
    if journal is None:
        return leaves
    return [node for node in leaves if node[0] != "journal"] + [journal]


def _migrate(journal: tuple[str, str] | None) -> Apps:
    executor = MigrationExecutor(connection)
    nodes = _nodes(journal)
    executor.migrate(nodes)
    return MigrationExecutor(connection).loader.project_state(nodes).apps


@contextmanager
def single_chain_journal() -> Iterator[Apps]:
    """The journal as it was before per-organization chains (empty), with the models of
    that state; the database is back at the latest migrations afterwards, whatever
    happens."""
    JournalEntry.objects.all().delete()
    JournalChain.objects.all().delete()
    try:
        yield _migrate(SINGLE_CHAIN)
    finally:
        if MigrationExecutor(connection).migration_plan(_nodes(None)):
            try:
                _migrate(None)
            except Exception:
                # Left half-way by a refused re-chaining: empty the old journal first.
                apps = _migrate(SINGLE_CHAIN)
                apps.get_model("journal", "JournalEntry").objects.all().delete()
                _migrate(None)


def _old_hash(entry: Any) -> str:
    """The single chain's hash, as journal/chain.py computed it before 0004."""
    text = json.dumps(
        [
            entry.sequence,
            entry.recorded_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            entry.actor,
            entry.code,
            entry.object_type,
            entry.object_id,
            entry.payload,
            entry.previous_hash,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


class OldJournal:
    """Writes entries the way the single-chain journal did: one sequence for the whole
    installation, each entry tagged with its organization (None: none)."""

    def __init__(self, apps: Apps) -> None:
        self.Entry = apps.get_model("journal", "JournalEntry")
        self.Head = apps.get_model("journal", "JournalHead")
        self.sequence, self.previous = 0, GENESIS
        self.start = timezone.now() - datetime.timedelta(days=30)

    def add(
        self,
        code: str,
        organization: Any,
        obj: Any = None,
        payload: dict[str, Any] | None = None,
        actor: str = "system",
    ) -> Any:
        self.sequence += 1
        entry = self.Entry(
            sequence=self.sequence,
            recorded_at=self.start + datetime.timedelta(minutes=self.sequence, microseconds=7),
            actor=actor,
            code=code,
            object_type=f"{obj._meta.app_label}.{obj._meta.model_name}" if obj else "",
            object_id=str(obj.pk) if obj else "",
            payload=payload or {},
            previous_hash=self.previous,
            organization=organization,
        )
        entry.hash = _old_hash(entry)
        entry.save()
        self.previous = entry.hash
        self.Head.objects.update_or_create(
            pk=1, defaults={"last_sequence": self.sequence, "last_hash": self.previous}
        )
        return entry


def _old_installation(apps: Apps) -> dict[str, Any]:
    """Two organizations' entries interleaved in one chain with the installation's."""
    Organization = apps.get_model("registry", "Organization")
    Body = apps.get_model("bodies", "Body")
    journal = OldJournal(apps)
    alpha = Organization.objects.create(name="Alpha Union", slug="alpha")
    journal.add("organization.created", alpha, alpha, {"name": "Alpha Union", "slug": "alpha"})
    beta = Organization.objects.create(name="Beta Guild", slug="beta")
    journal.add("organization.created", beta, beta, {"name": "Beta Guild", "slug": "beta"})
    journal.add("organization.admin.added", alpha, alpha, {"username": "ada"})
    cc = Body.objects.create(
        organization=alpha, name="Central Committee", slug="cc", kind="committee", full_seats=3
    )
    journal.add(
        "body.created",
        alpha,
        cc,
        {"name": "Central Committee", "kind": "committee", "full_seats": 3},
        actor="ada",
    )
    journal.add("register.member.added", beta, None, {"number": "B-1", "name": "Bea"})
    journal.add("body.seat.assigned", alpha, None, {"body": "cc", "member": "A-1"}, actor="ada")
    journal.add("access.token.issued", None, None, {"user": "ada", "name": "x", "prefix": "clg_"})
    journal.add("register.member.added", alpha, None, {"number": "A-1", "name": "Ann"})
    journal.add("body.secretary.added", alpha, cc, {"username": "sam"}, actor="ada")
    journal.add("body.orders.adopted", alpha, None, {"body": "cc", "version": 1})
    return {
        "alpha": alpha.pk,
        "beta": beta.pk,
        "cc": cc.pk,
        "entries": list(journal.Entry.objects.order_by("sequence")),
    }


def test_the_single_chain_is_split_per_organization():
    with single_chain_journal() as apps:
        old = _old_installation(apps)
        _migrate(None)

    assert verify_all() and all(result.broken is None for result in verify_all())
    chains = {c.key: c for c in JournalChain.objects.all()}
    assert set(chains) == {INSTALLATION, "alpha", "beta"}
    assert chains[INSTALLATION].organization_id is None
    assert chains["alpha"].organization_id == old["alpha"]
    assert chains["beta"].organization_id == old["beta"]

    def codes(key: str) -> list[tuple[int, str]]:
        entries = JournalEntry.objects.filter(chain__key=key).order_by("sequence")
        return list(entries.values_list("sequence", "code"))

    assert codes(INSTALLATION) == [
        (1, "organization.created"),
        (2, "organization.created"),
        (3, "access.token.issued"),
    ]
    assert codes("alpha") == [
        (1, "organization.admin.added"),
        (2, "body.created"),
        (3, "body.seat.assigned"),
        (4, "register.member.added"),
        (5, "body.secretary.added"),
        (6, "body.orders.adopted"),
    ]
    assert codes("beta") == [(1, "register.member.added")]
    for key, chain in chains.items():
        last = JournalEntry.objects.filter(chain=chain).order_by("sequence").last()
        assert last is not None
        assert (chain.last_sequence, chain.last_hash) == (last.sequence, last.hash), key
        first = JournalEntry.objects.get(chain=chain, sequence=1)
        assert first.previous_hash == GENESIS

    # Content, time and actor are kept; audience and body are filled in.
    by_id = {e.pk: e for e in JournalEntry.objects.all()}
    assert len(by_id) == len(old["entries"])
    for before in old["entries"]:
        after = by_id[before.pk]
        assert (after.code, after.actor, after.payload, after.recorded_at) == (
            before.code,
            before.actor,
            before.payload,
            before.recorded_at,
        )
        assert (after.object_type, after.object_id) == (before.object_type, before.object_id)
        assert after.hash != before.hash
        assert after.channel == ""  # not journaled before channels were
        # The frozen audiences of 0005 agree with the codes declared today.
        assert after.audience == declared(after.code).audience.value, after.code
    bodies = dict(JournalEntry.objects.filter(chain__key="alpha").values_list("code", "body_id"))
    assert bodies == {
        "organization.admin.added": None,
        "body.created": old["cc"],
        "body.seat.assigned": old["cc"],
        "register.member.added": None,
        "body.secretary.added": old["cc"],
        "body.orders.adopted": old["cc"],
    }


def test_the_rechained_journal_goes_on_with_new_actions():
    from collegium.registry.actions import register_member

    with single_chain_journal() as apps:
        _old_installation(apps)
        _migrate(None)
    alpha = Organization.objects.get(slug="alpha")
    member = register_member(actor=SYSTEM, organization=alpha, number="A-2", name="Next")
    entry = JournalEntry.objects.get(object_id=str(member.pk), code="register.member.added")
    assert (entry.chain.key, entry.sequence) == ("alpha", 7)
    assert all(result.broken is None for result in verify_all())


def test_an_empty_journal_gets_the_installation_chain_and_one_per_organization():
    with single_chain_journal() as apps:
        apps.get_model("registry", "Organization").objects.create(name="Quiet", slug="quiet")
        _migrate(None)
    chains = {c.key: (c.last_sequence, c.last_hash) for c in JournalChain.objects.all()}
    assert chains == {INSTALLATION: (0, GENESIS), "quiet": (0, GENESIS)}


@pytest.mark.parametrize("tampering", ["payload", "link", "gap"])
def test_a_tampered_single_chain_is_refused_not_rechained(tampering: str):
    with single_chain_journal() as apps:
        old = _old_installation(apps)
        Entry = apps.get_model("journal", "JournalEntry")
        victim = old["entries"][4]  # register.member.added of beta, sequence 5
        if tampering == "payload":
            Entry.objects.filter(pk=victim.pk).update(payload={"number": "B-1", "name": "X"})
        elif tampering == "link":
            Entry.objects.filter(pk=victim.pk).update(previous_hash="e" * 64)
        else:
            Entry.objects.filter(pk=victim.pk).delete()
        broken = 5 if tampering != "gap" else 6

        with pytest.raises(RuntimeError, match=f"journal entry {broken} does not verify"):
            _migrate(None)

        # Nothing was re-chained: the entries keep their old hashes and no chain exists.
        state = (
            MigrationExecutor(connection).loader.project_state([("journal", "0004_chains")]).apps
        )
        Rechained = state.get_model("journal", "JournalEntry")
        assert not Rechained.objects.exclude(chain=None).exists()
        assert not state.get_model("journal", "JournalChain").objects.exists()
        remaining = {e.pk: e.hash for e in Rechained.objects.all()}
        assert remaining == {
            e.pk: e.hash for e in old["entries"] if tampering != "gap" or e.pk != victim.pk
        }


def test_the_audiences_frozen_in_0005_are_those_declared():
    """0005 froze each code's audience as declared when it was written (so that the
    migration means the same later); today's declarations still agree, and every code
    the single-chain journal could hold has one."""
    rechain = importlib.import_module("collegium.journal.migrations.0005_rechain")
    frozen = rechain.INSTALLATION_CODES | rechain.ORGANIZATION_CODES
    declared_now = {c.code: c.audience.value for c in all_codes()}
    assert {code: declared_now.get(code) for code in frozen} == frozen
    # Codes declared since (single sign-on, chosen passwords) never were in the single
    # chain; the ones that were all went to the installation's chain.
    assert set(rechain.INSTALLATION_CODES) <= {
        code for code in declared_now if code.startswith("access.")
    } | {"organization.created"}
    assert {"access.account.created", "access.token.issued"} <= set(rechain.INSTALLATION_CODES)
