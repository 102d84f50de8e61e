"""Appending to the journal. Every action runs under `@action`, which locks the chain of
the organization it changes, and calls `record` inside its own transaction; what it
recorded is published to live subscribers once the transaction commits."""

from __future__ import annotations

import functools
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.db import models, transaction
from django.utils import timezone

from collegium.journal.actors import Actor
from collegium.journal.chain import GENESIS, INSTALLATION, entry_hash
from collegium.journal.codes import Audience, declared
from collegium.journal.models import JournalChain, JournalEntry
from collegium.live import bus
from collegium.live.events import LiveEvent

if TYPE_CHECKING:
    from collegium.registry.models import Organization

# An action that records more entries than this (a register import) publishes one event
# per code with its count instead of one per entry: pages re-fetch either way.
LIVE_EVENTS_PER_ACTION = 50


def timestamp_text(moment: Any) -> str:
    """The form of a time that the hash covers: UTC, ISO 8601, microseconds."""
    return str(moment.astimezone(UTC).isoformat(timespec="microseconds"))


def chain_for_update(organization_id: int | None) -> JournalChain:
    """Lock the chain of an organization (None: the installation's) until commit."""
    chains = JournalChain.objects.select_for_update()
    if organization_id is None:
        found = chains.filter(key=INSTALLATION).first()
        if found is None:
            # Made by migration 0005; only a database emptied by hand lacks it.
            found = JournalChain.objects.create(
                key=INSTALLATION, last_sequence=0, last_hash=GENESIS
            )
        return found
    found = chains.filter(organization_id=organization_id).first()
    if found is None:
        raise RuntimeError(f"organization {organization_id} has no journal chain")
    return found


def open_chain(organization: Organization) -> JournalChain:
    """The chain of a new organization; its slug is inside every hash of it."""
    return JournalChain.objects.create(
        key=organization.slug, organization=organization, last_sequence=0, last_hash=GENESIS
    )


def record(
    code: str,
    *,
    actor: Actor,
    organization: Organization | None,
    obj: models.Model | None = None,
    payload: dict[str, Any] | None = None,
    body_id: int | None = None,
    audience: Audience | None = None,
) -> JournalEntry:
    """Append one entry to the organization's chain (None: the installation's). Must run
    inside the action's transaction, so that the entry and the change it describes are
    committed together or not at all. `audience` overrides the code's declared one (a
    body's transparency settings widen or narrow who reads its tallies)."""
    return record_many(
        code,
        actor=actor,
        organization=organization,
        entries=[(obj, payload)],
        body_id=body_id,
        audience=audience,
    )[0]


def record_many(
    code: str,
    *,
    actor: Actor,
    organization: Organization | None,
    entries: Sequence[tuple[models.Model | None, dict[str, Any] | None]],
    body_id: int | None = None,
    audience: Audience | None = None,
    batch_size: int = 2000,
) -> list[JournalEntry]:
    """Append several entries of one kind with one lock of the chain and one bulk insert
    (a register import journals thousands of status changes); the hashes are the same as
    appending them one by one would give."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal entries are written inside an action's transaction")
    if not entries:
        return []
    declaration = declared(code)
    for _obj, payload in entries:
        unknown = set(payload or {}) - declaration.fields
        if unknown:
            raise ValueError(f"{code} declares no payload field {', '.join(sorted(unknown))}")
    reader = audience or declaration.audience
    head = _locked(organization.pk if organization is not None else None)
    now = timezone.now()
    stamp, label = timestamp_text(now), actor.label
    actor_user = actor.user if actor.user is not None and actor.user.pk is not None else None
    sequence, previous = head.last_sequence, head.last_hash
    journal = []
    for obj, payload in entries:
        sequence += 1
        object_type = obj._meta.label_lower if obj is not None else ""
        object_id = str(obj.pk) if obj is not None else ""
        digest = entry_hash(
            chain=head.key,
            sequence=sequence,
            recorded_at=stamp,
            actor=label,
            channel=actor.channel.value,
            code=code,
            audience=reader.value,
            body_id=body_id,
            object_type=object_type,
            object_id=object_id,
            payload=payload or {},
            previous_hash=previous,
        )
        journal.append(
            JournalEntry(
                chain=head,
                sequence=sequence,
                recorded_at=now,
                actor_user=actor_user,
                actor=label,
                channel=actor.channel.value,
                code=code,
                audience=reader.value,
                body_id=body_id,
                object_type=object_type,
                object_id=object_id,
                payload=payload or {},
                previous_hash=previous,
                hash=digest,
            )
        )
        previous = digest
    if len(journal) == 1:
        journal[0].save()
    else:
        JournalEntry.objects.bulk_create(journal, batch_size=batch_size)
    head.last_sequence, head.last_hash = sequence, previous
    head.save(update_fields=["last_sequence", "last_hash"])
    _announce(head, journal)
    for hook in _ON_RECORD.get(code, ()):
        for entry in journal:
            hook(actor, entry)
    return journal


# Hooks a package above registers for a code (`on_record`): each runs inside the action's
# transaction, under its chain lock, after the entry is written. The decision register
# enters elections and orders changes this way, though bodies and voting never import it.
RecordHook = Callable[[Actor, JournalEntry], None]
_ON_RECORD: dict[str, list[RecordHook]] = {}


def on_record(code: str, hook: RecordHook) -> None:
    """Run `hook(actor, entry)` whenever an entry of `code` is recorded (once per hook,
    however often an app registry is made ready)."""
    hooks = _ON_RECORD.setdefault(code, [])
    if hook not in hooks:
        hooks.append(hook)


# Of the action running on this thread: its live events, published together on commit,
# and the chain heads it holds locked, so that each `record` need not lock them again.
_pending = threading.local()


def hold_chain(organization_id: int | None) -> None:
    """Take the chain's lock now, for an action declared with `lock_first=False` (kept
    until its transaction ends); the actions of the organization that come after wait."""
    _locked(organization_id)


def _locked(organization_id: int | None) -> JournalChain:
    """The chain's head, locked: taken once per action (by `@action`), then reused."""
    held: dict[int | None, JournalChain] | None = getattr(_pending, "chains", None)
    if held is None:  # recorded outside an action
        return chain_for_update(organization_id)
    if organization_id not in held:
        held[organization_id] = chain_for_update(organization_id)
    return held[organization_id]


def _announce(chain: JournalChain, entries: list[JournalEntry]) -> None:
    events = [
        LiveEvent(
            chain=chain.key,
            organization_id=chain.organization_id,
            sequence=e.sequence,
            code=e.code,
            audience=e.audience,
            body_id=e.body_id,
            object_type=e.object_type,
            object_id=e.object_id,
        )
        for e in entries
    ]
    collected: list[LiveEvent] | None = getattr(_pending, "events", None)
    if collected is not None:
        collected.extend(events)
    else:  # recorded outside an action (a data fix in a shell): publish on its own
        transaction.on_commit(functools.partial(bus.publish, _folded(events)))


def _folded(events: list[LiveEvent]) -> list[LiveEvent]:
    """At most LIVE_EVENTS_PER_ACTION events; beyond that, the last event of each code
    stands for all of them, with their count."""
    if len(events) <= LIVE_EVENTS_PER_ACTION:
        return events
    counts = Counter(e.code for e in events)
    last = {e.code: e for e in events}
    return [
        LiveEvent(**{**vars(e), "object_id": "", "count": counts[code]}) for code, e in last.items()
    ]


_P = ParamSpec("_P")
_R = TypeVar("_R")
# Which chain an action changes, from its keyword arguments: an organization's id, or
# None for the installation's chain.
ChainOf = Callable[[Mapping[str, Any]], "int | None"]


def installation(arguments: Mapping[str, Any]) -> None:
    """For actions on the installation's chain (accounts, tokens, new organizations)."""
    return None


def organization_of(argument: str) -> ChainOf:
    """For actions whose keyword `argument` is an Organization, or a row that carries
    `organization_id` (a Body, a Member)."""

    def chain_of(arguments: Mapping[str, Any]) -> int | None:
        value = arguments[argument]
        found = getattr(value, "organization_id", None)
        return int(found if found is not None else value.pk)

    return chain_of


def action(
    *, chain: ChainOf, lock_first: bool = True
) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Make a function an action: one transaction that holds its chain's lock from the
    start. Every action journals, and `record` keeps the chain locked until commit anyway;
    taking it first makes the actions of one organization run one at a time on
    PostgreSQL as they do on SQLite (IMMEDIATE), so no rule is checked against rows
    another action is changing, and no two actions wait for each other's locks in a
    circle (deadlock). Actions of two organizations lock two chains and run side by side.

    `lock_first=False` is for the one action whose work before the lock is worth
    overlapping with other processes' (a batch of ballots, voting/actions/casting.py).
    Such an action may only read, and insert rows nobody else can see yet, until it takes
    the lock (`hold_chain`, or its first `record`); it must then check again, under the
    lock, whatever it read that another action could have changed meanwhile, and give up
    (raise) when something did.

    What the action recorded is published to live subscribers after commit, and not at
    all when it rolls back."""

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(function)
        def locked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            outermost = getattr(_pending, "events", None) is None
            if outermost:
                _pending.events, _pending.chains = [], {}
            # An action called by another adds its events to the caller's; if it fails
            # (its savepoint rolls back) and the caller goes on, its events are dropped.
            mark = len(_pending.events)
            try:
                with transaction.atomic():
                    if lock_first:
                        _locked(chain(kwargs))
                    result = function(*args, **kwargs)
                    if outermost and _pending.events:
                        transaction.on_commit(
                            functools.partial(bus.publish, _folded(_pending.events))
                        )
                    return result
            except BaseException:
                del _pending.events[mark:]
                # Its savepoint rolled back what it recorded: read the heads again.
                _pending.chains.clear()
                raise
            finally:
                if outermost:
                    _pending.events = _pending.chains = None

        return locked

    return decorate
