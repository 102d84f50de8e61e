"""Journal codes are declared (journal.codes.declare) with their audience and payload
fields; `record` refuses anything else and writes nothing."""

from __future__ import annotations

import pytest
from django.db import transaction

from collegium.journal.actions import record
from collegium.journal.actors import SYSTEM
from collegium.journal.codes import Audience, all_codes, codes_for, declare, declared
from collegium.journal.models import JournalChain, JournalEntry
from collegium.journal.queries import head_of
from tests.journal.chains import ORG, chain, verified


def _unchanged(org, attempt) -> ValueError:
    """Run `attempt` inside an atomic block (as an action would); it must raise
    ValueError, and neither the entries nor the chain's head may change."""
    entries, head = JournalEntry.objects.count(), head_of(chain())
    with pytest.raises(ValueError) as refused, transaction.atomic():
        attempt()
    assert JournalEntry.objects.count() == entries
    assert head_of(chain()) == head
    assert verified().broken is None
    return refused.value


def test_record_refuses_an_undeclared_code(org):
    refusal = _unchanged(
        org,
        lambda: record(
            "register.member.renamed", actor=SYSTEM, organization=org.organization, payload={}
        ),
    )
    assert "journal code register.member.renamed is not declared" in str(refusal)


def test_record_refuses_an_undeclared_payload_field(org):
    refusal = _unchanged(
        org,
        lambda: record(
            "register.member.added",
            actor=SYSTEM,
            organization=org.organization,
            payload={"number": "M-9", "name": "N", "unit": "", "password": "secret"},
        ),
    )
    assert str(refusal) == "register.member.added declares no payload field password"


def test_a_refused_entry_leaves_the_atomic_block_usable(org):
    with transaction.atomic():
        with pytest.raises(ValueError):
            record("nothing.declared", actor=SYSTEM, organization=org.organization)
        entry = record(
            "register.member.added",
            actor=SYSTEM,
            organization=org.organization,
            payload={"number": "M-9", "name": "Nine", "unit": ""},
        )
    assert entry.sequence == chain().last_sequence
    assert verified().broken is None


@pytest.mark.django_db(transaction=True)
def test_record_needs_a_transaction(org):
    # In autocommit an entry could outlive the failed action it describes.
    entries = JournalEntry.objects.count()
    with pytest.raises(RuntimeError, match="inside an action's transaction"):
        record("body.created", actor=SYSTEM, organization=org.organization, payload={})
    assert JournalEntry.objects.count() == entries


def test_a_code_may_not_be_declared_twice_differently():
    existing = declared("body.created")
    assert declare(existing.code, existing.audience, existing.fields, existing.summary) == existing
    with pytest.raises(ValueError, match="declared twice"):
        declare(existing.code, Audience.MEMBERS, existing.fields, existing.summary)
    assert declared("body.created") == existing


def test_every_code_the_features_journal_is_declared_with_its_audience():
    audiences = {c.code: c.audience for c in all_codes()}
    assert audiences["organization.created"] == Audience.PUBLIC
    assert audiences["body.created"] == Audience.PUBLIC
    assert audiences["body.orders.adopted"] == Audience.PUBLIC
    assert audiences["body.seat.assigned"] == Audience.MEMBERS
    assert audiences["body.secretary.added"] == Audience.BODY_STAFF
    assert audiences["access.token.issued"] == Audience.OPERATORS
    register = [code for code in audiences if code.startswith("register.")]
    assert register and {audiences[code] for code in register} == {Audience.ORGANIZATION_STAFF}
    public = set(codes_for([Audience.PUBLIC]))
    assert not any(code.startswith(("register.", "access.")) for code in public)


def test_a_recorded_entry_takes_its_codes_audience_unless_overridden(org):
    with transaction.atomic():
        plain = record("body.orders.adopted", actor=SYSTEM, organization=org.organization)
        narrowed = record(
            "body.orders.adopted",
            actor=SYSTEM,
            organization=org.organization,
            audience=Audience.MEMBERS,
        )
    assert (plain.audience, narrowed.audience) == ("public", "members")
    assert JournalChain.objects.get(key=ORG).last_sequence == narrowed.sequence
    assert verified().broken is None
