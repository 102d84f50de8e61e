"""The register pages, exports, publications and Atom feed, through the Django client:
each reader sees what the orders published to them, nothing more; a dissent from the page;
bad input refused without a change."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from collegium.bodies.actions import adopt_standing_orders
from collegium.journal.actors import SYSTEM
from collegium.motions.models import Motion
from collegium.register.models import Decision, DecisionKind, Dissent
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import Org
from tests.meetings.helpers import Meeting
from tests.meetings.test_api import client_for, login
from tests.motions.test_motions import _member, _open
from tests.register.test_register import FOR, _adopted

pytestmark = pytest.mark.django_db

BODY = "/o/test-union/bodies/cc/"
REGISTER = BODY + "register/"


def _with_amended_decision(org: Org) -> tuple[Meeting, str]:
    m = _open(org, supporters=0)
    _adopted(m, "On the archive", "The archive stays closed.", FOR)
    original = Decision.objects.get(kind=DecisionKind.RESOLUTION)
    _adopted(
        m,
        "Authorising a further revision of the record",
        "The archive is opened to historians.",
        FOR,
        revises=original,
        revision="amend",
    )
    return m, f"{original.year}/{original.number}"


def test_the_register_shows_both_versions_and_the_tally_to_members(org: Org) -> None:
    m, reference = _with_amended_decision(org)
    member = login(m, 4)
    page = member.get(REGISTER)
    assert page.status_code == 200
    html = page.content.decode()
    assert "On the archive" in html and "Authorising a further revision" in html
    assert 'data-status="amended"' in html
    one = member.get(REGISTER + reference + "/").content.decode()
    assert "The archive stays closed." in one and "The archive is opened to historians." in one
    assert 'data-version="2"' in one and 'data-version="1"' in one
    assert "superseded" in one
    assert "Yes 4, no 1, abstentions 1, of 6 voters." in one
    # Search by a word of the old version and of the title; by kind and status.
    assert "On the archive" in member.get(REGISTER, {"q": "stays closed"}).content.decode()
    found = member.get(REGISTER, {"q": "nothing like this"}).content.decode()
    assert "On the archive" not in found
    orders_only = member.get(REGISTER, {"kind": "orders"}).content.decode()
    assert "On the archive" not in orders_only and "Standing orders" in orders_only
    assert member.get(REGISTER, {"year": "abc"}).status_code == 400


def test_visitors_see_only_what_is_public(org: Org) -> None:
    _m, reference = _with_amended_decision(org)
    visitor = client_for(None)
    # Lenin-era orders publish the minutes, and so the decisions, to members only.
    html = visitor.get(REGISTER).content.decode()
    assert "On the archive" not in html
    assert visitor.get(REGISTER + reference + "/").status_code == 404
    exported = json.loads(visitor.get(BODY + "register.json").content)
    assert exported["decisions"] == []
    feed = visitor.get(BODY + "feed.atom")
    assert feed.status_code == 200 and "On the archive" not in feed.content.decode()


def test_exports_carry_every_version_and_hide_what_is_not_published(org: Org) -> None:
    m, reference = _with_amended_decision(org)
    member = login(m, 4)
    response = member.get(BODY + "register.json")
    assert response["Content-Type"] == "application/json"
    decisions = {d["reference"]: d for d in json.loads(response.content)["decisions"]}
    amended = decisions[reference]
    assert [v["text"] for v in amended["versions"]] == [
        "The archive stays closed.",
        "The archive is opened to historians.",
    ]
    assert amended["status"] == "amended" and amended["tally"]["yes"] == 4
    year = timezone.localtime().year
    assert amended["versions"][1]["made_by"] == f"{year}/{int(reference.split('/')[1]) + 1}"
    rows = list(csv.DictReader(io.StringIO(member.get(BODY + "register.csv").content.decode())))
    by_reference = {row["reference"]: row for row in rows}
    assert by_reference[reference]["text"] == "The archive is opened to historians."
    assert by_reference[reference]["version"] == "2"
    pdf = member.get(BODY + "register.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # Under the 1956 practice, the tally of a later decision is for the staff only.
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="1956", document=PRESETS["1956-practice"]
    )
    newest = Decision.objects.filter(body=org.committee).order_by("-number").first()
    assert newest is not None and newest.kind == "orders"
    exported = json.loads(member.get(BODY + "register.json").content)
    (row,) = [d for d in exported["decisions"] if d["reference"] == newest.reference]
    assert row["tally"] is None and row["rule"] is None


def test_a_dissent_from_the_page_and_its_refusals(org: Org) -> None:
    m, reference = _with_amended_decision(org)
    url = REGISTER + reference + "/"
    # Member 1 voted yes in this named vote.
    answer = login(m, 0).post(url + "dissent/", {"dissent-text": "I object."}, follow=True)
    assert "The roll call shows" in answer.content.decode()
    assert not Dissent.objects.exists()
    for bad in ("", "a\x00b"):
        login(m, 4).post(url + "dissent/", {"dissent-text": bad})
    assert not Dissent.objects.exists()
    login(m, 4).post(url + "dissent/", {"dissent-text": "The archive must stay closed."})
    (dissent,) = Dissent.objects.all()
    assert dissent.member == _member(m, 5)
    html = login(m, 2).get(url).content.decode()
    assert "The archive must stay closed." in html
    # Twice: refused, still one.
    again = login(m, 4).post(url + "dissent/", {"dissent-text": "Again."}, follow=True)
    assert "already" in again.content.decode() and Dissent.objects.count() == 1
    # A visitor cannot post; an unknown number is refused.
    assert client_for(None).post(url + "dissent/", {"dissent-text": "x"}).status_code == 404
    answer = client_for(org.secretary).post(
        url + "dissent/", {"dissent-text": "x", "dissent-member_number": "nope"}, follow=True
    )
    assert "No member of the organization has that number." in answer.content.decode()
    assert Dissent.objects.count() == 1


def test_publications_page_and_feed_for_members(org: Org) -> None:
    m, _reference = _with_amended_decision(org)
    member = login(m, 4)
    page = member.get(BODY + "publications/").content.decode()
    assert "On the archive" in page and 'data-kind="decision"' in page
    feed = member.get(BODY + "feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    titles = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("Authorising a further revision" in t for t in titles)


def test_a_decision_links_to_a_motion_that_amends_it(org: Org) -> None:
    m, reference = _with_amended_decision(org)
    member = login(m, 4)
    html = member.get(REGISTER + reference + "/").content.decode()
    assert f"?revises={reference}&amp;revision=amend" in html
    form = member.get(BODY + "motions/", {"revises": reference, "revision": "rescind"})
    assert f'value="{reference}"' in form.content.decode()
    answer = member.post(
        BODY + "motions/submit/",
        {
            "submit-title": "Rescinding",
            "submit-text": "It is rescinded.",
            "submit-revises": reference,
            "submit-revision": "rescind",
        },
    )
    assert answer.status_code == 303
    motion = Motion.objects.get(title="Rescinding")
    assert motion.revision == "rescind" and motion.revises is not None
    assert motion.revises.reference == reference
    unknown = member.post(
        BODY + "motions/submit/",
        {
            "submit-title": "X",
            "submit-text": "Y.",
            "submit-revises": "1900/99",
            "submit-revision": "amend",
        },
    )
    assert unknown.status_code == 400 and 'data-rule="motion.revises"' in unknown.content.decode()
    malformed = member.post(
        BODY + "motions/submit/",
        {
            "submit-title": "X",
            "submit-text": "Y.",
            "submit-revises": "x/y",
            "submit-revision": "amend",
        },
    )
    assert malformed.status_code == 400 and Motion.objects.filter(title="X").count() == 0
