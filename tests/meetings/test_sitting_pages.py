"""The secretariat's sitting pages: who reads them, every form as each role (the
secretariat changes things and journals them; anyone else gets the 403 page and changes
nothing), refusals shown with their rule's sentence, the body page and my page showing
the sittings to come."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collegium.bodies.actions import add_secretary, adopt_standing_orders, create_body
from collegium.bodies.models import BodyKind
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.meetings import actions
from collegium.meetings.models import AgendaItem, Presence, Report, Sitting, SittingStatus
from collegium.rules.standing_orders.presets import PRESETS
from tests.conftest import PASSWORD, Org
from tests.meetings.helpers import Meeting, meeting

ROLES = ["admin", "secretary", "other_secretary", "seated", "unseated", "visitor"]
PERMITTED = {"admin", "secretary"}


def _user(m: Meeting, role: str) -> User | None:
    """The login of each role: the organization's admin, the body's secretary, another
    body's secretary, a member with a seat in the body, one without, someone from outside
    the organization."""
    if role == "other_secretary":
        other = create_body(
            actor=SYSTEM,
            organization=m.org.organization,
            name="Auditing Commission",
            slug="audit",
            kind=BodyKind.COMMISSION,
            full_seats=3,
        )
        User.objects.create_user("olga", password=PASSWORD)
        add_secretary(actor=SYSTEM, body=other, username="olga")
        return User.objects.get(username="olga")
    full1 = m.full[0].member
    assert full1 is not None
    return {
        "admin": m.org.admin,
        "secretary": m.org.secretary,
        "seated": full1.user,
        "unseated": m.org.member_user,
        "visitor": m.org.outsider,
        "anonymous": None,
    }[role]


def _client(m: Meeting, role: str) -> Client:
    client = Client()
    user = _user(m, role)
    if user is not None:
        client.force_login(user)
    return client


def _url(m: Meeting, name: str, *more: object) -> str:
    body = m.sitting.body
    return reverse(name, args=[m.org.organization.slug, body.slug, m.sitting.number, *more])


def _sitting_url(m: Meeting) -> str:
    return _url(m, "sitting")


def _journaled(code: str) -> int:
    return JournalEntry.objects.filter(code=code).count()


def _check_in_full(m: Meeting, count: int) -> None:
    actions.check_in(actor=m.chair, sitting=m.sitting, seats=[s.pk for s in m.full[:count]])


def _opened(m: Meeting) -> None:
    _check_in_full(m, 5)
    actions.open_sitting(actor=m.chair, sitting=m.sitting)


def _fresh(m: Meeting) -> Sitting:
    return Sitting.objects.get(pk=m.sitting.pk)


@dataclass(frozen=True)
class Case:
    """One form of the sitting page: how to prepare the sitting, what to post, the
    journal code it records and how to tell it changed something."""

    name: str
    url: Callable[[Meeting], str]
    data: Callable[[Meeting], dict[str, str]]
    code: str
    state: Callable[[Meeting], object]
    prepare: Callable[[Meeting], None] = lambda m: None


def _later() -> str:
    return (timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")


def _present(m: Meeting) -> int:
    return Presence.objects.filter(sitting=m.sitting, left_at__isnull=True).count()


def _report_item(m: Meeting) -> str:
    return _url(m, "sitting-report", "1")


def _with_report(m: Meeting) -> None:
    actions.register_report(
        actor=m.chair, item=m.item("1"), rapporteur=m.full[0].pk, title="The report"
    )


CASES = [
    Case(
        "postpone",
        lambda m: _url(m, "sitting-postpone"),
        lambda m: {
            "postpone-starts_at": _later(),
            "postpone-reason": "The hall is flooded",
            "postpone-revision": "0",
        },
        "sitting.postponed",
        lambda m: _fresh(m).status,
    ),
    Case(
        "cancel",
        lambda m: _url(m, "sitting-cancel"),
        lambda m: {"cancel-reason": "No hall", "cancel-revision": "0"},
        "sitting.cancelled",
        lambda m: _fresh(m).status,
    ),
    Case(
        "open",
        lambda m: _url(m, "sitting-open"),
        lambda m: {},
        "sitting.opened",
        lambda m: _fresh(m).status,
        lambda m: _check_in_full(m, 5),
    ),
    Case(
        "close",
        lambda m: _url(m, "sitting-close"),
        lambda m: {},
        "sitting.closed",
        lambda m: _fresh(m).status,
        _opened,
    ),
    Case(
        "check-in",
        lambda m: _url(m, "sitting-check-in"),
        lambda m: {"check-in-seat": str(m.full[2].pk)},
        "sitting.checked_in",
        _present,
    ),
    Case(
        "number",
        lambda m: _url(m, "sitting-check-in-number"),
        lambda m: {"number-number": "S-full3"},
        "sitting.checked_in",
        _present,
    ),
    Case(
        "bulk",
        lambda m: _url(m, "sitting-check-in-bulk"),
        lambda m: {"bulk-numbers": "S-full1\nS-full2\n\nS-alt1\n"},
        "sitting.checked_in",
        _present,
    ),
    Case(
        "check-out",
        lambda m: _url(m, "sitting-check-out"),
        lambda m: {"check-out-seat": str(m.full[0].pk)},
        "sitting.checked_out",
        _present,
        lambda m: _check_in_full(m, 2),
    ),
    Case(
        "add-item",
        lambda m: _url(m, "sitting-add-item"),
        lambda m: {"item-title": "Any other business", "item-kind": "other", "item-parent": ""},
        "sitting.item.added",
        lambda m: AgendaItem.objects.filter(sitting=m.sitting).count(),
    ),
    Case(
        "adopt-agenda",
        lambda m: _url(m, "sitting-adopt-agenda"),
        lambda m: {"hands-yes": "4", "hands-no": "1", "hands-abstain": "0"},
        "sitting.agenda.decided",
        lambda m: _fresh(m).agenda_adopted,
        _opened,
    ),
    Case(
        "report",
        _report_item,
        lambda m: {
            "report-{}-rapporteur".format(m.item("1").pk): str(m.full[0].pk),
            "report-{}-title".format(m.item("1").pk): "Report of the Central Committee",
            "report-{}-text".format(m.item("1").pk): "Comrades!",
        },
        "sitting.report.registered",
        lambda m: Report.objects.count(),
    ),
    Case(
        "counter-report",
        lambda m: _url(m, "sitting-counter-report", "1"),
        lambda m: {
            "counter-{}-rapporteur".format(m.item("1").pk): str(m.full[1].pk),
            "counter-{}-title".format(m.item("1").pk): "The minority's view",
            "counter-{}-text".format(m.item("1").pk): "",
            "counter-{}-signatures".format(m.item("1").pk): "S-full2\nS-full3",
        },
        "sitting.report.registered",
        lambda m: Report.objects.count(),
        _with_report,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_form_as_every_role(org: Org, case: Case, role: str) -> None:
    m = meeting(org)
    case.prepare(m)
    client = _client(m, role)
    before, journaled = case.state(m), _journaled(case.code)
    answer = client.post(case.url(m), case.data(m))
    if role in PERMITTED:
        assert answer.status_code == 303, answer
        assert answer["Location"].startswith(_sitting_url(m))
        page = client.get(answer["Location"])
        assert 'class="error"' not in page.content.decode(), page.content.decode()
        assert case.state(m) != before
        assert _journaled(case.code) == journaled + 1
    else:
        assert answer.status_code == 403
        assert "Not permitted" in answer.content.decode()
        assert case.state(m) == before
        assert _journaled(case.code) == journaled


def test_a_visitor_not_signed_in_is_sent_to_sign_in(org: Org) -> None:
    m = meeting(org)
    for url in (_sitting_url(m), _url(m, "sitting-open")):
        answer = Client().post(url) if url.endswith("open/") else Client().get(url)
        assert answer.status_code == 302 and "/login" in answer["Location"]
    assert _fresh(m).status == SittingStatus.CONVENED


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_sitting_pages(org: Org, role: str) -> None:
    m = meeting(org)
    client = _client(m, role)
    sittings = reverse("sittings", args=[org.organization.slug, "cc"])
    forms = {_sitting_url(m): _url(m, "sitting-open"), sittings: "convene-heading"}
    for url, form in forms.items():
        answer = client.get(url)
        if role == "visitor":
            assert answer.status_code == 403
            continue
        assert answer.status_code == 200
        content = answer.content.decode()
        assert "First sitting" in content
        # The secretariat's forms only for the secretariat.
        assert (form in content) == (role in PERMITTED)


@pytest.mark.parametrize("role", ["admin", "secretary"])
def test_convene_as_the_secretariat(org: Org, role: str) -> None:
    m = meeting(org)
    client = _client(m, role)
    answer = client.post(
        reverse("sittings-convene", args=[org.organization.slug, "cc"]),
        {
            "convene-title": "Second sitting",
            "convene-starts_at": "2030-02-14T10:00",
            "convene-place": "Hall of Columns",
            "convene-agenda": "report: Report of the Commission\n\nelection: Elections\n",
        },
    )
    assert answer.status_code == 303
    second = Sitting.objects.get(body=m.sitting.body, number=2)
    assert answer["Location"] == reverse("sitting", args=[org.organization.slug, "cc", 2])
    assert [(i.number, i.kind) for i in second.items.order_by("number")] == [
        ("1", "report"),
        ("2", "election"),
    ]
    # Typed in the organization's time zone (UTC here): stored as that moment.
    assert second.starts_at == datetime.datetime(2030, 2, 14, 10, 0, tzinfo=datetime.UTC)
    assert JournalEntry.objects.filter(code="sitting.convened").count() == 2


def test_convene_in_the_organizations_time_zone(org: Org) -> None:
    org.organization.time_zone = "Europe/Moscow"
    org.organization.save(update_fields=["time_zone"])
    m = meeting(org)
    client = _client(m, "secretary")
    client.post(
        reverse("sittings-convene", args=[org.organization.slug, "cc"]),
        {"convene-title": "Evening sitting", "convene-starts_at": "2030-02-14T19:00"},
    )
    second = Sitting.objects.get(body=m.sitting.body, number=2)
    assert second.starts_at == datetime.datetime(2030, 2, 14, 16, 0, tzinfo=datetime.UTC)
    page = client.get(_url(m, "sitting").replace("/1/", "/2/")).content.decode()
    assert "19:00" in page or "7 p.m." in page or "7:00 p.m." in page, page


@pytest.mark.parametrize("role", ["other_secretary", "seated", "unseated", "visitor"])
def test_convene_refused_to_others(org: Org, role: str) -> None:
    m = meeting(org)
    answer = _client(m, role).post(
        reverse("sittings-convene", args=[org.organization.slug, "cc"]),
        {"convene-title": "Second sitting", "convene-starts_at": "2030-02-14T10:00"},
    )
    assert answer.status_code == 403
    assert Sitting.objects.count() == 1


def _refused(client: Client, url: str, data: dict[str, Any]) -> str:
    """Post a form that is refused: it redirects back, and the page shows why."""
    answer = client.post(url, data)
    assert answer.status_code == 303
    return client.get(answer["Location"]).content.decode()


def test_open_below_quorum_shows_the_rule(org: Org) -> None:
    m = meeting(org)
    _check_in_full(m, 3)
    page = _refused(_client(m, "secretary"), _url(m, "sitting-open"), {})
    assert "Quorum not reached: 3 of 7 full members present, 4 needed." in page
    assert _fresh(m).status == SittingStatus.CONVENED
    assert _journaled("sitting.opened") == 0


def test_bulk_check_in_names_the_line(org: Org) -> None:
    m = meeting(org)
    page = _refused(
        _client(m, "secretary"),
        _url(m, "sitting-check-in-bulk"),
        {"bulk-numbers": "S-full1\nS-nobody\nS-full2"},
    )
    assert "Line 2: S-NOBODY holds no seat in Central Committee." in page or (
        "Line 2: S-nobody holds no seat" in page
    ), page
    assert "S-full1\nS-nobody" in page  # the list comes back as typed
    assert _present(m) == 0


def test_a_stale_postpone_form_is_refused(org: Org) -> None:
    m = meeting(org)
    actions.postpone_sitting(
        actor=m.chair,
        sitting=m.sitting,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        reason="First postponement",
    )
    page = _refused(
        _client(m, "secretary"),
        _url(m, "sitting-postpone"),
        {"postpone-starts_at": _later(), "postpone-reason": "Again", "postpone-revision": "0"},
    )
    assert "The sitting changed since this form was made" in page
    assert _fresh(m).status_reason == "First postponement"
    # The form comes back made from the sitting as it is now.
    assert 'name="postpone-revision" value="1"' in page


def test_a_bad_agenda_line_is_refused_by_its_number(org: Org) -> None:
    m = meeting(org)
    page = _refused(
        _client(m, "secretary"),
        reverse("sittings-convene", args=[org.organization.slug, "cc"]),
        {
            "convene-title": "Second sitting",
            "convene-starts_at": "2030-02-14T10:00",
            "convene-agenda": "report: Fine\nspeech: Not a kind\n",
        },
    )
    assert "Line 2:" in page and "Not a kind" in page
    assert Sitting.objects.count() == 1


def test_a_too_long_title_is_refused_beside_the_field(org: Org) -> None:
    m = meeting(org)
    page = _refused(
        _client(m, "secretary"),
        reverse("sittings-convene", args=[org.organization.slug, "cc"]),
        {"convene-title": "T" * 201, "convene-starts_at": "2030-02-14T10:00"},
    )
    assert "at most 200 characters" in page
    assert Sitting.objects.count() == 1


def test_a_nul_byte_is_refused(org: Org) -> None:
    m = meeting(org)
    answer = _client(m, "secretary").post(
        _url(m, "sitting-cancel"), {"cancel-reason": "No\x00hall", "cancel-revision": "0"}
    )
    assert answer.status_code == 400
    assert _fresh(m).status == SittingStatus.CONVENED


def test_a_seat_holder_checks_in_themselves(org: Org) -> None:
    m = meeting(org)
    client = _client(m, "seated")
    page = client.get(_sitting_url(m)).content.decode()
    assert _url(m, "sitting-check-in-self") in page
    assert 'id="roll-forms"' not in page  # read-only otherwise
    answer = client.post(_url(m, "sitting-check-in-self"))
    assert answer.status_code == 303
    assert Presence.objects.filter(sitting=m.sitting, seat=m.full[0], left_at=None).exists()
    assert _journaled("sitting.checked_in") == 1
    # Present now: no button any more.
    assert _url(m, "sitting-check-in-self") not in client.get(_sitting_url(m)).content.decode()


def test_only_seat_holders_check_in_themselves(org: Org) -> None:
    m = meeting(org)
    unseated = _client(m, "unseated")
    assert _url(m, "sitting-check-in-self") not in unseated.get(_sitting_url(m)).content.decode()
    page = _refused(unseated, _url(m, "sitting-check-in-self"), {})
    assert "Only holders of a seat in Central Committee can do this." in page
    assert _client(m, "visitor").post(_url(m, "sitting-check-in-self")).status_code == 403
    assert _present(m) == 0


def test_the_roll_shows_counts_quorum_and_stand_ins(org: Org) -> None:
    m = meeting(org)
    actions.check_in(actor=m.chair, sitting=m.sitting, numbers=["S-full1", "S-full2", "S-alt1"])
    page = _client(m, "seated").get(_sitting_url(m)).content.decode()
    assert "Quorum not reached: 3 of 7 full members present" in page
    assert "Alternate 1 votes for" in page
    assert f'hx-trigger="collegium:live[detail.body_id=={m.sitting.body_id}' in page


def test_adopting_the_agenda_shows_the_decision(org: Org) -> None:
    m = meeting(org)
    _opened(m)
    client = _client(m, "secretary")
    client.post(_url(m, "sitting-adopt-agenda"), {"hands-yes": "1", "hands-no": "4"})
    page = client.get(_sitting_url(m)).content.decode()
    decision = m.sitting.decisions.get()
    assert not decision.adopted
    assert decision.explanation in page
    assert "yes 1, no 4, abstain 0" in page


def test_counter_reports_shown_as_the_transparency_allows(org: Org) -> None:
    m = meeting(org)
    _with_report(m)
    actions.register_counter_report(
        actor=m.chair,
        item=m.item("1"),
        rapporteur=m.full[1].pk,
        title="The minority's view",
        numbers=["S-full2"],
    )
    # Lenin-era rules publish counter-reports to members.
    for role in ("seated", "unseated", "secretary"):
        assert "The minority&#x27;s view" in _client(m, role).get(_sitting_url(m)).content.decode()
    closed = dict(PRESETS["lenin-era"])
    closed["transparency"] = {
        "members": {**closed["transparency"]["members"], "counter_reports": False},  # type: ignore[index]
        "public": closed["transparency"]["public"],  # type: ignore[index]
    }
    closed["guest_seats"] = ["congress", "committee"]
    adopt_standing_orders(actor=SYSTEM, body=m.sitting.body, title="Closed", document=closed)
    member_page = _client(m, "seated").get(_sitting_url(m)).content.decode()
    assert "The minority&#x27;s view" not in member_page
    assert "One counter-report is not published to you" in member_page
    for role in ("secretary", "admin"):
        assert "The minority&#x27;s view" in _client(m, role).get(_sitting_url(m)).content.decode()


def test_the_body_page_and_my_page_show_the_coming_sitting(org: Org) -> None:
    m = meeting(org)
    client = _client(m, "seated")
    upcoming = reverse("sittings-upcoming", args=[org.organization.slug, "cc"])
    body_page = client.get(reverse("body", args=[org.organization.slug, "cc"])).content.decode()
    assert f'hx-get="{upcoming}"' in body_page
    assert reverse("sittings", args=[org.organization.slug, "cc"]) in body_page
    fragment = client.get(upcoming).content.decode()
    assert "First sitting" in fragment and _sitting_url(m) in fragment
    assert "First sitting" not in Client().get(upcoming).content.decode()
    me = client.get(reverse("me")).content.decode()
    assert "First sitting" in me and _sitting_url(m) in me
    # A cancelled sitting is no longer to come.
    actions.cancel_sitting(actor=m.chair, sitting=m.sitting, reason="No hall")
    assert "First sitting" not in client.get(upcoming).content.decode()
    assert "First sitting" not in client.get(reverse("me")).content.decode()
    # A member without a seat in the body does not see it on their page.
    assert "First sitting" not in _client(m, "unseated").get(reverse("me")).content.decode()


def test_the_sitting_page_in_german(org: Org) -> None:
    m = meeting(org)
    _check_in_full(m, 5)
    for role in ("secretary", "seated"):
        answer = _client(m, role).get(_sitting_url(m), HTTP_ACCEPT_LANGUAGE="de")
        assert answer.status_code == 200
        content = answer.content.decode()
        assert '<html lang="de">' in content
        assert "First sitting" in content
