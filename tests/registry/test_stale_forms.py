"""A status form carries the version of the record it was made from; one made before a
later change (kept in the browser's history, or open in a second tab) is refused, the
page shows why and a fresh form, and nothing is changed or journaled."""

from __future__ import annotations

import pytest
from django.test import Client

from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import change_member_status
from collegium.registry.models import MemberStatus
from collegium.registry.queries import status_version
from collegium.rules.errors import RuleError

PAGE = "/o/test-union/members/M-1/"


def _form_version(client: Client) -> str:
    version = client.get(PAGE).context["form"].initial["version"]
    assert isinstance(version, str)
    return version


def test_a_form_made_before_a_change_replays_nothing(org):
    admin = Client()
    admin.force_login(org.admin)
    stale = _form_version(admin)  # the page as it was: Mia active
    suspended = admin.post(PAGE, {"status": "suspended", "reason": "dues", "version": stale})
    assert suspended.status_code == 303
    admin.get(suspended["Location"])
    reinstated = admin.post(
        PAGE, {"status": "active", "reason": "dues paid", "version": _form_version(admin)}
    )
    assert reinstated.status_code == 303
    entries = JournalEntry.objects.count()
    # Back twice: the first form again, now posting a suspension with another reason.
    replay = admin.post(PAGE, {"status": "suspended", "reason": "dues paid", "version": stale})
    assert replay.status_code == 303
    page = admin.get(replay["Location"])
    assert "has changed since this form was opened; nothing was changed." in page.text
    assert page.context["form"].initial["version"] == status_version(org.member)
    org.member.refresh_from_db()
    assert org.member.status == MemberStatus.ACTIVE
    assert JournalEntry.objects.count() == entries
    assert [c.status for c in org.member.status_changes.order_by("pk")] == [
        "active",
        "suspended",
        "active",
    ]


def test_a_form_without_a_version_is_refused_as_stale(org):
    admin = Client()
    admin.force_login(org.admin)
    posted = admin.post(PAGE, {"status": "left", "reason": "moved"})
    assert "has changed since this form was opened" in admin.get(posted["Location"]).text
    org.member.refresh_from_db()
    assert org.member.status == MemberStatus.ACTIVE


def test_the_action_refuses_a_stale_version_by_its_rule(org):
    version = status_version(org.member)
    change_member_status(
        actor=SYSTEM, member=org.member, status=MemberStatus.SUSPENDED, reason="dues"
    )
    assert status_version(org.member) != version
    with pytest.raises(RuleError) as refused:
        change_member_status(
            actor=SYSTEM,
            member=org.member,
            status=MemberStatus.LEFT,
            reason="moved",
            version=version,
        )
    assert refused.value.rule == "register.stale-form"
    change_member_status(
        actor=SYSTEM,
        member=org.member,
        status=MemberStatus.LEFT,
        reason="moved",
        version=status_version(org.member),
    )
    org.member.refresh_from_db()
    assert org.member.status == MemberStatus.LEFT


def test_every_post_of_the_member_page_answers_with_a_redirect(org):
    admin = Client()
    admin.force_login(org.admin)
    for data in (
        {"status": "suspended", "reason": "dues", "version": _form_version(admin)},  # done
        {"status": "suspended", "reason": "", "version": _form_version(admin)},  # refused
        {"status": "nonsense", "reason": "x", "version": _form_version(admin)},  # invalid
    ):
        response = admin.post(PAGE, data)
        assert (response.status_code, response["Location"]) == (303, PAGE)
