"""A change of status is dated no later than today, not before the member's admission nor
before their last change of status, and within the sane window (rule
`register.status-date`)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils.timezone import localdate

from collegium.journal.actors import SYSTEM
from collegium.registry.actions import change_member_status, register_member
from collegium.registry.models import Member, MemberStatus
from collegium.rules.errors import RuleError

DAY = datetime.timedelta(days=1)


def _refused(member: Member, on: datetime.date) -> None:
    with pytest.raises(RuleError) as refusal:
        change_member_status(
            actor=SYSTEM, member=member, status=MemberStatus.SUSPENDED, reason="x", effective_on=on
        )
    assert refusal.value.rule == "register.status-date"
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE


@pytest.mark.parametrize(
    "on",
    [
        localdate() + DAY,
        datetime.date(9999, 12, 31),
        datetime.date(1800, 1, 1),
    ],
)
def test_a_status_change_out_of_range_is_refused(org, on) -> None:
    _refused(org.member, on)


def test_a_status_change_before_admission_is_refused(org) -> None:
    joined = localdate() - 10 * DAY
    member = register_member(
        actor=SYSTEM, organization=org.organization, number="J-1", name="Jo", joined_on=joined
    )
    _refused(member, joined - DAY)
    change_member_status(
        actor=SYSTEM, member=member, status=MemberStatus.SUSPENDED, reason="x", effective_on=joined
    )


def test_a_status_change_before_the_last_one_is_refused(org) -> None:
    last = localdate() - 3 * DAY
    change_member_status(
        actor=SYSTEM,
        member=org.member,
        status=MemberStatus.SUSPENDED,
        reason="x",
        effective_on=last,
    )
    with pytest.raises(RuleError) as refusal:
        change_member_status(
            actor=SYSTEM,
            member=org.member,
            status=MemberStatus.ACTIVE,
            reason="paid",
            effective_on=last - DAY,
        )
    assert refusal.value.rule == "register.status-date"


def test_the_api_refuses_a_future_status_change(org) -> None:
    client = Client()
    client.force_login(org.admin)
    response = client.post(
        "/api/organizations/test-union/members/M-1/status",
        {"status": "suspended", "reason": "x", "effective_on": (localdate() + DAY).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "register.status-date"


@pytest.mark.parametrize(
    "row", ["N-1,Nina,left,moved,2099-01-01,", "N-1,Nina,,,,1800-01-01", "N-1,Nina,,,,9999-01-01"]
)
def test_the_import_refuses_dates_out_of_range(row) -> None:
    from collegium.registry.importing import RegisterFileInvalid, parse_register

    data = f"number,name,status,status_reason,status_date,joined_on\n{row}\n".encode()
    with pytest.raises(RegisterFileInvalid) as refusal:
        parse_register(data)
    assert refusal.value.problems[0].line == 2
