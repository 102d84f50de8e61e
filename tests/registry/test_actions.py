"""The register's actions: adding members and the history of status changes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from collegium.access.permissions import NotPermitted
from collegium.journal.actors import Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import change_member_status, create_organization, register_member
from collegium.registry.models import MemberStatus, Organization
from collegium.rules.errors import RuleError


def test_member_number_is_unique_in_the_organization(org):
    with pytest.raises(RuleError, match="M-1 is already in the register"):
        register_member(
            actor=Actor.page(org.admin), organization=org.organization, number="M-1", name="X"
        )


def test_only_an_operator_creates_an_organization_and_the_refusal_is_one_of_permission(org):
    # An admin of one organization is no operator: refused as NotPermitted (the API's
    # 403), not as a rule's refusal (400).
    with pytest.raises(NotPermitted, match="only an operator") as refused:
        create_organization(actor=Actor.page(org.admin), name="Other Union", slug="other")
    assert refused.value.rule == "permissions"
    assert not Organization.objects.filter(slug="other").exists()


def test_every_status_change_keeps_reason_and_date(org):
    member = register_member(
        actor=Actor.page(org.admin),
        organization=org.organization,
        number="M-2",
        name="Max",
        joined_on=datetime.date(2025, 3, 1),
    )
    change_member_status(
        actor=Actor.page(org.admin),
        member=member,
        status=MemberStatus.SUSPENDED,
        reason="dues unpaid",
        effective_on=datetime.date(2026, 1, 5),
    )
    change_member_status(
        actor=Actor.page(org.admin), member=member, status=MemberStatus.ACTIVE, reason="dues paid"
    )
    history = list(member.status_changes.values_list("previous_status", "status", "reason"))
    assert history == [
        ("", "active", "admitted"),
        ("active", "suspended", "dues unpaid"),
        ("suspended", "active", "dues paid"),
    ]
    entry = JournalEntry.objects.filter(code="register.member.status_changed").first()
    assert entry is not None
    assert entry.payload["effective_on"] == "2026-01-05"


def test_status_change_refusals_change_nothing(org):
    before = JournalEntry.objects.count()
    with pytest.raises(RuleError, match="needs a reason"):
        change_member_status(
            actor=Actor.page(org.admin), member=org.member, status=MemberStatus.LEFT, reason=""
        )
    with pytest.raises(RuleError, match="already active"):
        change_member_status(
            actor=Actor.page(org.admin), member=org.member, status=MemberStatus.ACTIVE, reason="x"
        )
    org.member.refresh_from_db()
    assert org.member.status == MemberStatus.ACTIVE
    assert JournalEntry.objects.count() == before


def test_a_member_added_with_a_line_break_or_a_future_admission_is_refused(org):
    before = JournalEntry.objects.count()
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"name": "Anna\nArendt"}, "register.line-break"),
        ({"name": "Anna", "unit": "North\rSouth"}, "register.line-break"),
        ({"name": "Anna", "joined_on": tomorrow}, "register.joined-date"),
    ]
    for arguments, rule in cases:
        with pytest.raises(RuleError) as refused:
            register_member(
                actor=Actor.system(), organization=org.organization, number="A-9", **arguments
            )
        assert refused.value.rule == rule
    assert JournalEntry.objects.count() == before
