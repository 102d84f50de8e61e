"""The page "What the rules change": both presets side by side for an organization's
congress, the counter-report of the group around Mikoyan decided by the rules."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from collegium.bodies.actions import adopt_standing_orders, create_body
from collegium.bodies.models import BodyKind
from collegium.journal.actors import SYSTEM
from collegium.meetings.comparison.compared import (
    COUNTER_REPORT_SIGNATURES,
    columns,
    counter_report_outcome,
)
from collegium.rules.standing_orders.document import preset
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import Org


def _congress(org: Org) -> None:
    congress = create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Twentieth Congress",
        slug="congress",
        kind=BodyKind.CONGRESS,
        full_seats=1349,
    )
    # Only one variant adopted: the page still shows both.
    adopt_standing_orders(
        actor=SYSTEM, body=congress, title="1956 practice", document=PRESETS["1956-practice"]
    )


def test_the_rules_decide_the_counter_report() -> None:
    forbidden = counter_report_outcome(preset("1956-practice"), 70, 1349)
    assert not forbidden.admitted
    assert forbidden.rule == "counter-report.forbidden"
    assert "No counter-report may be given." in forbidden.sentence
    heard = counter_report_outcome(preset("lenin-era"), 70, 1349)
    assert heard.admitted, heard.sentence
    assert "70 signatures; 68 are needed" in heard.sentence
    short = counter_report_outcome(preset("lenin-era"), 67, 1349)
    assert not short.admitted
    assert short.rule == "counter-report.signatures"
    assert "67 signatures; 68 are needed" in short.sentence


def test_columns_differ_where_the_presets_do() -> None:
    old, new = columns(1349)
    assert (old.preset, new.preset) == ("1956-practice", "lenin-era")
    assert "do not step in" in old.who_votes
    assert "step in for absent full members" in new.who_votes
    assert "in the order asked" in old.speakers
    assert "first-time speakers" in new.speakers
    assert old.members_see.startswith("Members see none")
    assert "counter-reports" in new.members_see
    assert COUNTER_REPORT_SIGNATURES == 70


def test_the_page_shows_both_columns_to_anyone(org: Org) -> None:
    _congress(org)
    url = reverse("rules-compared", args=[org.organization.slug])
    response = Client().get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "What the rules change" in page
    assert "1956 practice" in page and "Lenin-era rules" in page
    assert "counter-report.forbidden" in page
    assert "70 signatures; 68 are needed: it is heard." in page
    assert "Refused" in page and "Admitted and heard" in page
    assert "only full members vote" in page
    # Linked from the organization's home.
    home = Client().get(reverse("organization", args=[org.organization.slug])).content.decode()
    assert f'href="{url}"' in home


def test_the_page_in_german(org: Org) -> None:
    _congress(org)
    url = reverse("rules-compared", args=[org.organization.slug])
    page = Client().get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'lang="de"' in page
    assert "Ein Korreferat ist nicht zugelassen." in page
    assert "Eine Minderheit von mindestens 1/20 der Vollmitglieder darf ein Korreferat" in page
    assert "counter-report.forbidden" in page
    assert "1.349" in page  # the congress's seats with German separators


def test_an_organization_without_bodies_has_nothing_to_compare(org: Org) -> None:
    org.committee.delete()
    url = reverse("rules-compared", args=[org.organization.slug])
    assert Client().get(url).status_code == 404
    assert Client().get(reverse("rules-compared", args=["no-such-org"])).status_code == 404
