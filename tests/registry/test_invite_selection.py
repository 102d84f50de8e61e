"""The register lets an admin tick members and invite them: the boxes belong to a form
that posts their numbers, joined by spaces, to the invitation page."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from collegium.journal.actors import SYSTEM
from collegium.registry.actions import register_member

REGISTER = "/o/test-union/members/"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_admin_ticks_members_and_the_selection_is_invited(org):
    for number, name in (("E-1", "Eva"), ("E-2", "Emil")):
        register_member(
            actor=SYSTEM,
            organization=org.organization,
            number=number,
            name=name,
            email=f"{number.lower()}@example.org",
        )
    page = _as(org.admin).get(REGISTER).text
    form = re.search(
        r'<form method="post" action="([^"]+)" id="invite-selection".*?</form>', page, re.S
    )
    assert form is not None and form.group(1) == "/o/test-union/members/invite/"
    assert 'name="csrfmiddlewaretoken"' in form.group(0)
    assert 'name="numbers"' in form.group(0)
    boxes = re.findall(
        r'<input type="checkbox" name="selected" value="([^"]+)" form="invite-selection"', page
    )
    assert sorted(boxes) == ["E-1", "E-2", "M-1"]
    assert 'href="/o/test-union/members/invite/"' in page  # "Invite members to sign in"
    # What the page's script sends: the numbers ticked, joined by spaces.
    sent = _as(org.admin).post("/o/test-union/members/invite/", {"numbers": "E-1 E-2"})
    assert sent.status_code in (302, 303)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "e-1@example.org",
        "e-2@example.org",
    ]


def test_a_secretary_gets_no_boxes_and_no_add_link_but_the_export(org):
    page = _as(org.secretary).get(REGISTER).text
    assert 'id="invite-selection"' not in page
    assert 'name="selected"' not in page
    assert "/members/new/" not in page  # adding members is the admins'
    assert "/members/export/" in page  # exporting is the staff's
