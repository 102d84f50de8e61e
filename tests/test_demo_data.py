"""The bundled demo has the sizes and people the brief names."""

from __future__ import annotations

import pytest

from collegium.bodies.models import Body, OfficeTerm, SeatRole, StandingOrders
from collegium.bodies.queries import composition
from collegium.demo.load import load_demo
from collegium.registry.models import Organization
from tests.journal.chains import assert_all_intact

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo()
        yield
        # Module-scoped data outside a test transaction: remove it for the next modules.
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def _sizes(org_slug: str, body_slug: str) -> dict[str, int]:
    body = Body.objects.get(organization__slug=org_slug, slug=body_slug)
    now = composition(body)
    return {
        "full": len(now.full),
        "alternate": len(now.alternates),
        "consultative": len(now.consultative),
        "guest": len(now.guests),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("org_slug", ["cpsu-1956", "cpsu-lenin"])
def test_bodies_have_the_sizes_of_1956(demo, org_slug):
    assert _sizes(org_slug, "congress") == {
        "full": 1349,
        "alternate": 0,
        "consultative": 81,
        "guest": 55,
    }
    assert _sizes(org_slug, "central-committee") == {
        "full": 133,
        "alternate": 122,
        "consultative": 0,
        "guest": 0,
    }
    assert _sizes(org_slug, "praesidium")["full"] == 11
    assert _sizes(org_slug, "auditing-commission")["full"] == 63
    cc = Body.objects.get(organization__slug=org_slug, slug="central-committee")
    assert cc.elected_by is not None and cc.elected_by.slug == "congress"
    praesidium = Body.objects.get(organization__slug=org_slug, slug="praesidium")
    assert praesidium.elected_by == cc


@pytest.mark.django_db
def test_leaders_and_the_first_secretary(demo):
    org = Organization.objects.get(slug="cpsu-1956")
    names = set(org.members.values_list("name", flat=True))
    for leader in ("Khrushchev", "Mikoyan", "Malenkov", "Kaganovich", "Bulganin", "Molotov"):
        assert any(name.endswith(leader) for name in names), leader
    assert "Kliment Voroshilov" in names
    term = OfficeTerm.objects.get(
        office__body__organization=org, office__slug="first-secretary", end__isnull=True
    )
    assert term.holder.name == "Nikita Khrushchev"
    praesidium = Body.objects.get(organization=org, slug="praesidium")
    assert all(s.role == SeatRole.FULL for s in composition(praesidium).full)


@pytest.mark.django_db
def test_the_two_organizations_differ_in_their_standing_orders(demo):
    titles = {
        o.body.organization.slug: o.document
        for o in StandingOrders.objects.filter(body__slug="central-committee")
    }
    assert titles["cpsu-1956"] != titles["cpsu-lenin"]
    checked = assert_all_intact()
    assert {"@installation", "cpsu-1956", "cpsu-lenin"} <= {result.chain for result in checked}


@pytest.mark.django_db
def test_demo_logins_are_created_through_an_action(demo):
    from collegium.journal.models import JournalEntry

    created = set(
        JournalEntry.objects.filter(code="access.account.created").values_list(
            "payload__username", flat=True
        )
    )
    assert created == {"secretariat", "khrushchev"}


@pytest.mark.django_db
@pytest.mark.parametrize("org_slug", ["cpsu-1956", "cpsu-lenin"])
def test_the_congress_holds_its_sittings_with_its_agenda(demo, org_slug):
    from collegium.meetings.models import AgendaItem, Decision, Presence, Report, Sitting

    sittings = list(
        Sitting.objects.filter(body__organization__slug=org_slug, body__slug="congress").order_by(
            "number"
        )
    )
    assert [s.starts_at.date().isoformat() for s in sittings] == [
        "1956-02-14",
        "1956-02-24",  # the closed session of the night of 24/25 February, in UTC
        "1956-02-25",
    ]
    assert all(s.status == "closed" and s.agenda_adopted for s in sittings)
    items = set(AgendaItem.objects.filter(sitting__in=sittings).values_list("title", flat=True))
    for words in (
        "Report of the Central Committee",
        "Report of the Central Auditing Commission",
        "sixth Five-Year Plan",
        "Elections of the central bodies",
    ):
        assert any(words in title for title in items), words
    rapporteurs = {
        r.rapporteur.holder_name
        for r in Report.objects.filter(item__sitting=sittings[0], counter=False)
    }
    assert rapporteurs == {"Nikita Khrushchev", "Pyotr Moskatov", "Nikolai Bulganin"}
    # Every delegate checked in; the foreign delegations only at the open sittings.
    first = Presence.objects.filter(sitting=sittings[0]).count()
    closed = Presence.objects.filter(sitting=sittings[1]).count()
    assert (first, closed) == (1349 + 81 + 55, 1349 + 81)
    agenda = Decision.objects.get(sitting=sittings[0])
    assert (agenda.yes, agenda.no, agenda.abstain, agenda.adopted) == (1349, 0, 0, True)


@pytest.mark.django_db
def test_the_counter_report_is_refused_under_the_1956_practice(demo):
    from collegium.journal.models import JournalEntry
    from collegium.meetings.models import FloorRequest, Report

    assert not Report.objects.filter(
        item__sitting__body__organization__slug="cpsu-1956", counter=True
    ).exists()
    spoke = FloorRequest.objects.filter(
        item__sitting__body__organization__slug="cpsu-1956", state="done"
    )
    assert "Anastas Mikoyan" in {r.seat.holder_name for r in spoke}
    assert spoke.count() == 5
    speakers = JournalEntry.objects.filter(
        chain__organization__slug="cpsu-1956", code="sitting.speaker.called"
    )
    assert speakers.count() == 5


@pytest.mark.django_db
def test_the_counter_report_is_heard_under_lenin_era_rules(demo):
    from collegium.meetings.models import FloorRequest, Report

    counter = Report.objects.get(item__sitting__body__organization__slug="cpsu-lenin", counter=True)
    assert counter.rapporteur.holder_name == "Anastas Mikoyan"
    assert counter.signatures.count() == 70  # 1/20 of 1,349 full seats is 68
    assert counter.item.title.startswith("Report of the Central Committee")
    heard = FloorRequest.objects.get(item=counter.item, seat=counter.rapporteur)
    assert (heard.state, heard.stance) == ("done", "against")


@pytest.mark.django_db
def test_foreign_delegations_are_named_by_their_parties(demo):
    from collegium.bodies.models import Seat

    guests = list(
        Seat.objects.filter(
            body__organization__slug="cpsu-1956", body__slug="congress", role=SeatRole.GUEST
        ).values_list("guest_name", flat=True)
    )
    assert len(guests) == 55
    named = [g for g in guests if not g.startswith("Foreign party delegation")]
    assert len(named) == 28
    assert {"Communist Party of China", "Party of Labour of Albania"} <= set(named)


@pytest.mark.django_db
def test_the_congress_votes_to_hear_the_secret_speech_in_closed_session(demo):
    """Unanimous under 1956 practice, as every vote of the Congress was; the counter-
    report's 70 signers vote against under the Lenin-era rules, and members see the tally
    only there."""
    from collegium.journal.models import JournalEntry
    from collegium.voting.models import Vote

    votes = {
        v.sitting.body.organization.slug: v
        for v in Vote.objects.filter(kind="procedural").select_related(
            "sitting__body__organization"
        )
    }
    assert set(votes) == {"cpsu-1956", "cpsu-lenin"}
    practice, lenin = votes["cpsu-1956"], votes["cpsu-lenin"]
    assert (practice.yes, practice.no, practice.outcome) == (1349, 0, "adopted")
    assert (lenin.yes, lenin.no, lenin.outcome) == (1279, 70, "adopted")
    assert lenin.explanation.startswith("Adopted: 1,279 yes, 70 no")
    audiences = dict(
        JournalEntry.objects.filter(code="vote.tally").values_list(
            "chain__organization__slug", "audience"
        )
    )
    assert audiences == {"cpsu-1956": "body-staff", "cpsu-lenin": "members"}


@pytest.mark.django_db
@pytest.mark.parametrize("org_slug", ["cpsu-1956", "cpsu-lenin"])
def test_the_congress_and_the_committee_elect_the_central_bodies(demo, org_slug):
    """The Central Committee (133 and 122), the Auditing Commission (63), the Praesidium
    (11 and 6), the First Secretary and the commission on the resolution (7) are seated by
    declared elections."""
    from collegium.bodies.models import Seat
    from collegium.voting.models import Election, ElectionState

    elections = Election.objects.filter(sitting__body__organization__slug=org_slug)
    assert elections.count() == 7
    assert set(elections.values_list("state", flat=True)) == {ElectionState.DECLARED}
    titles = set(elections.values_list("title", flat=True))
    assert "Election of the full members of the Central Committee" in titles
    assert "Election of the First Secretary" in titles
    elected = Seat.objects.filter(
        body__organization__slug=org_slug, vacated_on__isnull=True, origin="elected"
    )
    assert elected.filter(body__slug="central-committee", role="full").count() == 133
    assert elected.filter(body__slug="central-committee", role="alternate").count() == 122
    assert elected.filter(body__slug="auditing-commission").count() == 63
    assert elected.filter(body__slug="praesidium", role="full").count() == 11
    assert elected.filter(body__slug="praesidium", role="alternate").count() == 6
    commission = elected.filter(body__slug="resolution-commission")
    assert commission.count() == 7
    assert commission.filter(member__name="Anastas Mikoyan").exists()
    assert all("elected by" in detail for detail in elected.values_list("origin_detail", flat=True))
    holder = OfficeTerm.objects.get(
        office__body__organization__slug=org_slug, office__slug="first-secretary", end__isnull=True
    )
    assert holder.holder.name == "Nikita Khrushchev"


@pytest.mark.django_db
def test_every_election_is_unanimous_under_1956_practice_and_published_under_lenin(demo):
    from collegium.journal.models import JournalEntry
    from collegium.voting.models import Ballot, Election

    practice = Election.objects.filter(sitting__body__organization__slug="cpsu-1956")
    assert set(practice.values_list("method", flat=True)) == {"yes-no-abstain"}
    contents = Ballot.objects.filter(vote__election__in=practice).values_list("content", flat=True)
    assert contents and all(set(c.split()) == {"y"} for c in contents)
    lenin = Election.objects.get(
        sitting__body__organization__slug="cpsu-lenin",
        title="Election of the full members of the Central Committee",
    )
    assert lenin.method == "scottish-stv"
    rounds = (lenin.result or {})["rounds"]
    # The counter-report's signers rank Mikoyan first: the first stage shows it.
    assert float(rounds[0]["votes"]["Anastas Mikoyan"]) == 70
    audiences = set(
        JournalEntry.objects.filter(code="election.count").values_list(
            "chain__organization__slug", "audience"
        )
    )
    assert audiences == {("cpsu-1956", "body-staff"), ("cpsu-lenin", "members")}


@pytest.mark.django_db
def test_the_resolution_on_the_report_is_framed_adopted_and_revised(demo):
    """Both variants: the commission's recommendation, the resolution in the register
    with both versions after the closed session's revision. Under Lenin-era rules: a
    motion of three refused, an amendment adopted, a counted tally and a dissent; under
    1956 practice: no amendment, every vote unanimous, no dissent."""
    from collegium.motions.models import Motion
    from collegium.register.models import Decision, Dissent

    for slug in ("cpsu-1956", "cpsu-lenin"):
        motions = Motion.objects.filter(body__organization__slug=slug, body__slug="congress")
        resolution = motions.get(title="Resolution on the report of the Central Committee")
        assert resolution.state == "adopted" and resolution.commission is not None
        assert resolution.commission.slug == "resolution-commission"
        decision = Decision.objects.get(vote=resolution.vote)
        assert decision.year == 1956  # dated by the sitting that took it
        versions = list(decision.versions.order_by("number"))
        assert len(versions) == 2 and versions[1].made_by is not None
        assert versions[1].made_by.title == "Authorising a further revision of the record"
        assert versions[0].text in versions[1].text and "cult of personality" in versions[1].text
        small = motions.get(title="Motion on the publication of the closed session's report")
        tally = decision.tally
        if slug == "cpsu-1956":
            assert resolution.recommendation == "adopt" and not resolution.amendments.exists()
            assert tally["no"] == 0 and tally["abstain"] == 0
            assert small.state == "withdrawn"
            assert not Dissent.objects.filter(decision=decision).exists()
        else:
            assert resolution.recommendation == "adopt-as-amended"
            (amendment,) = resolution.amendments.all()
            assert amendment.state == "adopted" and "examine openly" in resolution.final_text
            assert tally["yes"] > tally["no"] > 0 and tally["abstain"] > 0
            assert tally["yes"] + tally["no"] + tally["abstain"] == tally["voters"]
            assert small.state == "draft"  # ten supporters needed, three had
            (dissent,) = Dissent.objects.filter(decision=decision)
            assert "voted against" in dissent.text
            assert decision.dissent_audience == "members"


@pytest.mark.django_db
def test_the_resolutions_register_page_links_its_reports_and_commission(demo):
    from django.contrib.auth.models import User
    from django.test import Client

    from collegium.register.models import Decision

    decision = Decision.objects.get(
        body__organization__slug="cpsu-lenin",
        title="Resolution on the report of the Central Committee",
    )
    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    page = client.get(
        f"/o/cpsu-lenin/bodies/congress/register/{decision.year}/{decision.number}/"
    ).content.decode()
    assert "Report of the Central Committee" in page and "counter-report" in page
    assert "framed by Commission on the resolution" in page
    assert 'data-version="2"' in page and "I voted against the resolution." in page
