"""Changing a body's standing orders from the browser: a preset or the orders in force in
a form of one field per setting, the rules' problems beside their fields, then what
changes against the version in force, and adopt with an effective date."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from django.urls import reverse
from django.utils import timezone

from collegium.bodies.actions import adopt_standing_orders, dissolve_body
from collegium.bodies.adopting.forms import OrdersForm, field_for, initial_from
from collegium.bodies.models import StandingOrders
from collegium.journal.actors import SYSTEM
from collegium.rules.standing_orders.document import parse_standing_orders, preset
from collegium.rules.standing_orders.presets import PRESETS
from tests.bodies.helpers import ROLES, client_as

FORM = reverse("body-orders", args=["test-union", "cc"])
CONFIRM = reverse("body-orders-confirm", args=["test-union", "cc"])
BODY = reverse("body", args=["test-union", "cc"])
STAFF = {"admin", "secretary"}


def _data(name: str = "lenin-era", after: int = 0, **changes: object) -> dict[str, object]:
    """The form's fields as a browser posts them, filled from a preset."""
    fields = initial_from(preset(name))
    data: dict[str, object] = {}
    for key, value in fields.items():
        if isinstance(value, bool):
            if value:
                data[f"orders-{key}"] = "on"
        elif value is None:
            data[f"orders-{key}"] = ""  # an empty field, as a browser posts it
        else:
            data[f"orders-{key}"] = value
    data |= {f"orders-{key}": value for key, value in changes.items()}
    data |= {
        "adopt-effective_on": timezone.localdate().isoformat(),
        "adopt-note": "decision 1/2026",
        "adopt-after_version": str(after),
    }
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def in_force(org) -> StandingOrders:
    return adopt_standing_orders(
        actor=SYSTEM,
        body=org.committee,
        title="1956 practice",
        document=dict(PRESETS["1956-practice"]),
    )


@pytest.mark.parametrize("role", ROLES)
def test_who_reaches_the_orders_form_and_its_link(org, role):
    response = client_as(org, role).get(FORM)
    assert response.status_code == (200 if role in STAFF else 302 if role == "visitor" else 403)
    assert (FORM in client_as(org, role).get(BODY).content.decode()) == (role in STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_adopt_through_the_pages(org, role):
    client = client_as(org, role)
    client.post(FORM, _data())
    client.post(CONFIRM, {"confirm-after_version": "0"})
    assert StandingOrders.objects.filter(body=org.committee).exists() == (role in STAFF)


def test_the_form_starts_from_the_orders_in_force_or_a_preset(org, in_force):
    client = client_as(org, "secretary")
    html = client.get(FORM).content.decode()
    assert 'value="1956 practice"' in html
    assert "<legend>Quorum</legend>" in html and "<legend>What the public sees</legend>" in html
    html = client.get(FORM, {"preset": "lenin-era"}).content.decode()
    assert 'value="Lenin-era rules"' in html
    assert 'name="orders-counter_minority" value="1/20"' in html


def test_a_preset_shows_what_changes_and_is_adopted_from_a_date(org, in_force):
    client = client_as(org, "secretary")
    later = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(FORM, _data(after=1) | {"adopt-effective_on": later.isoformat()})
    assert response.status_code == 302 and response["Location"] == CONFIRM
    html = client.get(CONFIRM).content.decode()
    assert "What changes against version 1, “1956 practice”, in force now" in html
    assert "Counter-reports: was “No counter-report may be given.”" in html
    assert "They take effect on" in html
    assert StandingOrders.objects.count() == 1  # nothing adopted by looking
    response = client.post(CONFIRM, {"confirm-after_version": "1"})
    assert response.status_code == 302 and response["Location"] == BODY
    adopted = StandingOrders.objects.get(version=2)
    assert adopted.title == "Lenin-era rules" and adopted.note == "decision 1/2026"
    assert timezone.localtime(adopted.effective_from).date() == later
    assert adopted.document == parse_standing_orders(PRESETS["lenin-era"]).to_document()


def test_the_rules_problems_come_back_beside_their_fields(org, in_force):
    client = client_as(org, "secretary")
    bad = _data(
        after=1,
        quorum_share="3/2",
        speaking_report="0",
        secret_on_request="1/0",
        public_minutes="on",  # the public would see minutes members do not
    )
    bad.pop("orders-members_minutes", None)
    response = client.post(FORM, bad)
    assert response["Location"] == FORM
    html = client.get(FORM).content.decode()

    def beside(field: str) -> str:
        return html.split(f'id="id_orders-{field}"', 1)[1].split("</div>", 1)[0]

    assert "quorum.fraction: " in beside("quorum_share")
    assert "speaking_time.report: 0 is below 1" in beside("speaking_report")
    assert "secret_ballot.on_request.fraction" in beside("secret_on_request")
    assert "transparency.public.minutes: shown to the public but not to members" in beside(
        "public_minutes"
    )
    assert 'value="3/2"' in html  # what was typed is kept
    assert StandingOrders.objects.count() == 1


def test_a_draft_made_before_another_version_was_adopted_is_refused(org, in_force):
    client = client_as(org, "secretary")
    client.post(FORM, _data(after=1))
    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="Other", document=dict(PRESETS["lenin-era"])
    )
    response = client.post(CONFIRM, {"confirm-after_version": "1"})
    assert response["Location"] == CONFIRM
    assert (
        "changed since this form was made (version 1, now 2)"
        in client.get(CONFIRM).content.decode()
    )
    assert StandingOrders.objects.count() == 2


def test_a_date_in_the_past_is_refused_by_its_rule(org, in_force):
    client = client_as(org, "secretary")
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    client.post(FORM, _data(after=1) | {"adopt-effective_on": past})
    client.post(CONFIRM, {"confirm-after_version": "1"})
    assert "cannot take effect in the past" in client.get(CONFIRM).content.decode()
    assert StandingOrders.objects.count() == 1


def test_the_first_orders_are_listed_whole(org):
    client = client_as(org, "admin")
    client.post(FORM, _data())
    html = client.get(CONFIRM).content.decode()
    assert "No standing orders are in force yet" in html
    assert "A minority of at least 1/20 of the full members may give a counter-report." in html


def test_a_dissolved_body_offers_no_change(org):
    dissolve_body(actor=SYSTEM, body=org.committee, on=timezone.localdate())
    client = client_as(org, "admin")
    assert FORM not in client.get(BODY).content.decode()
    client.post(FORM, _data())
    client.post(CONFIRM, {"confirm-after_version": "0"})
    assert "was dissolved on" in client.get(CONFIRM).content.decode()


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("quorum.fraction", "quorum_share"),
        ("quorum.number", "quorum_share"),
        ("quorum", "quorum_share"),
        ("counter_report.fraction", "counter_minority"),
        ("secret_ballot.on_request.members", "secret_on_request"),
        ("majorities.amend-standing-orders", "majorities"),
        ("guest_seats[1]", "guest_seats"),
        ("suspension.vacates_seats", "suspension_vacates_seats"),
        ("speakers.order", "speakers_order"),
        ("speakers.alternate_for_against", "speakers_alternate_for_against"),
        ("speakers", "speakers_order"),
        ("speakers.group_budget", "speakers_group_budget"),
        ("speakers.point_of_order", "speakers_point_of_order"),
        ("speakers.question", "speakers_question"),
        ("speakers.reply", "speakers_reply"),
        ("sitting.alternates_step_in", "sitting_alternates_step_in"),
        ("transparency.members.minutes", "members_minutes"),
        ("", None),
    ],
)
def test_each_problem_path_has_its_field(path, field):
    assert field_for(path) == field
    assert field is None or field in OrdersForm().fields


def test_every_preset_round_trips_through_the_form():
    for name in PRESETS:
        data = {k: v for k, v in _data(name).items() if k.startswith("orders-")}
        form = OrdersForm(data)
        assert form.is_valid(), form.errors
        assert form.rules == preset(name)


def test_suspension_vacating_seats_is_a_box_of_the_form_and_reads_as_a_change(org, in_force):
    client = client_as(org, "secretary")
    assert 'name="orders-suspension_vacates_seats"' in client.get(FORM).content.decode()
    client.post(FORM, _data("1956-practice", after=1, suspension_vacates_seats="on"))
    html = client.get(CONFIRM).content.decode()
    assert "Suspension: was “A suspended member keeps their seats" in html
    client.post(CONFIRM, {"confirm-after_version": "1"})
    adopted = StandingOrders.objects.get(version=2)
    assert adopted.document["suspension"] == {"vacates_seats": True}


def test_a_date_beyond_the_sane_window_is_refused_by_its_rule(org, in_force):
    client = client_as(org, "secretary")
    client.post(FORM, _data(after=1) | {"adopt-effective_on": "9999-12-31"})
    client.post(CONFIRM, {"confirm-after_version": "1"})
    assert "The date 31 Dec 9999 is out of range" in client.get(CONFIRM).content.decode()
    assert StandingOrders.objects.count() == 1


def test_the_form_sets_the_sitting_and_speakers_settings(org, in_force):
    client = client_as(org, "secretary")
    html = client.get(FORM).content.decode()
    assert 'name="orders-sitting_alternates_step_in"' in html
    assert 'name="orders-speakers_order"' in html
    assert 'name="orders-speakers_alternate_for_against"' in html
    client.post(
        FORM,
        _data(
            "1956-practice",
            after=1,
            sitting_alternates_step_in="on",
            speakers_order="least-time",
            speakers_alternate_for_against="on",
        ),
    )
    html = client.get(CONFIRM).content.decode()
    assert "Sittings: was “At a sitting, only full members vote" in html
    assert "becomes “Lists of speakers: least speaking time in the sitting first; speeches" in html
    client.post(CONFIRM, {"confirm-after_version": "1"})
    adopted = StandingOrders.objects.get(version=2)
    assert adopted.document["sitting"] == {"alternates_step_in": True}
    assert adopted.document["speakers"] == {
        "order": "least-time",
        "alternate_for_against": True,
        "group_budget": None,
        "point_of_order": 60,
        "question": 60,
        "reply": 120,
    }


def test_an_unknown_speakers_order_is_refused_beside_its_field():
    form = OrdersForm(_data(speakers_order="loudest"))
    assert not form.is_valid()
    assert list(form.errors) == ["speakers_order"]


def test_the_form_sets_the_group_budget_in_minutes_and_the_short_requests_in_seconds(org, in_force):
    client = client_as(org, "secretary")
    html = client.get(FORM).content.decode()
    for name in ("group_budget", "point_of_order", "question", "reply"):
        assert f'name="orders-speakers_{name}"' in html
    lists = next(f for f in OrdersForm().fieldsets() if f.legend == "Lists of speakers")
    assert [field.name for field in lists.fields] == [
        "speakers_order",
        "speakers_alternate_for_against",
        "speakers_group_budget",
        "speakers_point_of_order",
        "speakers_question",
        "speakers_reply",
    ]
    client.post(
        FORM,
        _data(
            "1956-practice",
            after=1,
            speakers_group_budget=15,
            speakers_point_of_order=30,
            speakers_question=45,
            speakers_reply=90,
        ),
    )
    html = client.get(CONFIRM).content.decode()
    assert "Each group has 15 minutes per item. Points of order 30 seconds, questions 45" in html
    client.post(CONFIRM, {"confirm-after_version": "1"})
    adopted = StandingOrders.objects.get(version=2)
    assert adopted.document["speakers"] == {
        "order": "asked",
        "alternate_for_against": False,
        "group_budget": 900,
        "point_of_order": 30,
        "question": 45,
        "reply": 90,
    }


def test_the_form_shows_the_budget_in_minutes_and_an_empty_budget_as_none():
    assert initial_from(preset("lenin-era"))["speakers_group_budget"] == 10
    assert initial_from(preset("1956-practice"))["speakers_group_budget"] is None
    odd = preset("lenin-era")
    odd = replace(odd, speakers=replace(odd.speakers, group_budget=90))
    assert initial_from(odd)["speakers_group_budget"] == 2  # the nearest whole minute
    form = OrdersForm(_data("lenin-era", speakers_group_budget=""))
    assert form.is_valid(), form.errors
    assert form.rules is not None and form.rules.speakers.group_budget is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"speakers_group_budget": 0}, "speakers_group_budget", "greater than or equal to 1"),
        ({"speakers_group_budget": 1441}, "speakers_group_budget", "less than or equal to 1440"),
        ({"speakers_point_of_order": 5}, "speakers_point_of_order", "5 is below 10"),
        ({"speakers_question": 3601}, "speakers_question", "3,601 is above 3,600"),
        ({"speakers_reply": 9}, "speakers_reply", "speakers.reply: 9 is below 10"),
    ],
)
def test_speaking_times_out_of_range_are_refused_beside_their_field(changes, field, message):
    form = OrdersForm(_data(**changes))
    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]


def test_the_form_sets_the_votes_settings(org, in_force):
    client = client_as(org, "secretary")
    html = client.get(FORM).content.decode()
    assert 'name="orders-votes_forms"' in html and 'name="orders-votes_default"' in html
    form = OrdersForm(_data("1956-practice", votes_forms=["named"], votes_default="secret"))
    assert not form.is_valid()
    assert "votes.default: secret is not one of the forms listed" in form.errors["votes_default"][0]
    client.post(
        FORM,
        _data(
            "1956-practice",
            after=1,
            votes_forms=["named", "secret"],
            votes_default="secret",
            votes_ballot_change="on",
        ),
    )
    html = client.get(CONFIRM).content.decode()
    assert "becomes “Votes may be taken by a named electronic vote or a secret" in html
    client.post(CONFIRM, {"confirm-after_version": "1"})
    adopted = StandingOrders.objects.get(version=2)
    assert adopted.document["votes"] == {
        "forms": ["named", "secret"],
        "default": "secret",
        "ballot_change": True,
        "proxies": 0,
    }


def test_the_form_sets_the_elections_and_the_proxies():
    form = OrdersForm(
        _data(
            "lenin-era",
            elections_method="limited",
            elections_marks="",
            votes_proxies=2,
        )
    )
    assert not form.is_valid()
    assert "limited needs the marks per ballot" in form.errors["elections_marks"][0]
    form = OrdersForm(
        _data(
            "lenin-era",
            elections_method="limited",
            elections_office_method="schulze",
            elections_marks=3,
            votes_proxies=2,
        )
    )
    assert form.is_valid(), form.errors
    assert form.rules is not None
    assert (form.rules.elections.method, form.rules.elections.marks) == ("limited", 3)
    assert form.rules.elections.office_method == "schulze"
    assert form.rules.votes.proxies == 2
    assert "carries at most 2 proxies" in form.rules.votes.describe()


def test_the_form_sets_the_motions_and_the_procedural_motions():
    form = OrdersForm(
        _data("lenin-era", procedural_votes="previous-question = unanimity", motions_supporters=5)
    )
    assert not form.is_valid()
    assert "previous-question needs majority, two-thirds or chair" in str(
        form.errors["procedural_votes"]
    )
    form = OrdersForm(
        _data(
            "lenin-era",
            motions_supporters=5,
            motions_deadline_days=2,
            procedural_votes="previous-question = majority\nadjourn=two-thirds",
        )
    )
    assert form.is_valid(), form.errors
    assert form.rules is not None
    assert (form.rules.motions.supporters, form.rules.motions.deadline_days) == (5, 2)
    needs = form.rules.procedural_motions.needs
    assert (needs["previous-question"], needs["adjourn"]) == ("majority", "two-thirds")
    # The form shows the orders as they are: what it posts back adopts the same.
    again = OrdersForm(_data("lenin-era", **initial_from(form.rules)))  # type: ignore[arg-type]
    assert again.is_valid(), again.errors
    assert again.rules == form.rules
    off = OrdersForm(_data("lenin-era", procedural_enabled=None))
    assert off.is_valid() and off.rules is not None
    assert not off.rules.procedural_motions.enabled
