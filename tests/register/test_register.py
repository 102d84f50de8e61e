"""The decision register: adopted resolutions, election results, orders changes and
recalls are numbered per body and year; amending or rescinding a decision adds a version
and keeps the old text; dissenting opinions only from those who voted against or
abstained; readers as the orders published each part."""

from __future__ import annotations

import functools

import pytest
from django.utils import timezone

from collegium.access.permissions import NotPermitted
from collegium.bodies.actions import adopt_standing_orders, appoint_to_office, create_office
from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.motions import actions
from collegium.motions.models import Motion
from collegium.register.actions import attach_dissent
from collegium.register.models import Decision, DecisionKind, Dissent, Version
from collegium.rules.standing_orders.presets import PRESETS
from collegium.voting import actions as voting
from collegium.voting.actions import electing
from collegium.voting.actions.declaring import declare_election
from collegium.voting.models import Vote
from tests.conftest import Org
from tests.meetings import unchanged
from tests.meetings.helpers import Meeting
from tests.motions.test_motions import _member, _open, _voters
from tests.voting.test_elections import _presidium, _standing

pytestmark = pytest.mark.django_db

TABLES = (*unchanged.TABLES, Decision, Version, Dissent, Motion, Vote)


def _adopted(m: Meeting, title: str, text: str, choices: list[str], **revision: object) -> Motion:
    """A motion tabled and put to a named vote at once (no supporters asked), the six
    voters voting `choices`."""
    motion = actions.submit_motion(
        actor=m.chair,
        body=m.org.committee,
        title=title,
        text=text,
        submitters=[_member(m, 1)],
        sitting=m.sitting,
        **revision,  # type: ignore[arg-type]
    )
    actions.table_motion(actor=m.chair, motion=motion)
    motion = actions.put_motion_to_vote(actor=m.chair, motion=motion, sitting=m.sitting)
    assert motion.vote is not None
    for actor, choice in zip(_voters(m), choices, strict=True):
        voting.cast_ballot(actor=actor, vote=motion.vote, choice=choice)
    voting.close_vote(actor=m.chair, vote=motion.vote)
    return Motion.objects.get(pk=motion.pk)


def _resolutions(org: Org) -> list[Decision]:
    return list(
        Decision.objects.filter(body=org.committee, kind=DecisionKind.RESOLUTION).order_by("number")
    )


FOR = ["yes", "yes", "yes", "yes", "no", "abstain"]


def test_an_adopted_resolution_is_numbered_with_its_tally_and_rule(org: Org) -> None:
    m = _open(org, supporters=0)
    year = timezone.localtime().year
    # The orders the committee adopted (the meeting's, then _open's) come first.
    orders = Decision.objects.filter(body=org.committee, kind=DecisionKind.ORDERS)
    assert sorted(orders.values_list("year", "number")) == [(year, 1), (year, 2)]
    motion = _adopted(m, "On the report", "The Committee approves the report.", FOR)
    assert motion.state == "adopted"
    (decision,) = _resolutions(org)
    assert (decision.year, decision.number, decision.reference) == (year, 3, f"{year}/3")
    assert decision.title == "On the report" and decision.vote == motion.vote
    assert decision.tally == {"voters": 6, "yes": 4, "no": 1, "abstain": 1}
    assert decision.rule and decision.explanation  # the rule that decided, in one sentence
    # The Lenin-era orders publish tallies and dissenting opinions to members.
    assert (decision.audience, decision.tally_audience, decision.dissent_audience) == (
        "members",
        "members",
        "members",
    )
    (version,) = decision.versions.all()
    assert (version.number, version.text, version.rescinded) == (1, motion.final_text, False)
    entry = JournalEntry.objects.filter(code="decision.entered").order_by("-sequence").first()
    assert entry is not None and entry.payload["decision"] == f"{year}/3"
    assert (decision.entry_sequence, decision.entry_hash) == (entry.sequence, entry.hash)
    # A rejected motion enters nothing.
    _adopted(m, "On nothing", "The Committee does nothing.", ["no"] * 6)
    assert len(_resolutions(org)) == 1


def test_amending_and_rescinding_add_versions_and_keep_the_old_text(org: Org) -> None:
    m = _open(org, supporters=0)
    first = _adopted(m, "On the archive", "The archive stays closed.", FOR)
    (original,) = _resolutions(org)
    amending = _adopted(
        m,
        "Authorising a further revision of the record",
        "The archive is opened to historians.",
        FOR,
        revises=original,
        revision="amend",
    )
    assert amending.revises == original and first.state == "adopted"
    original, amender = _resolutions(org)
    versions = list(original.versions.order_by("number"))
    assert [(v.number, v.text, v.rescinded) for v in versions] == [
        (1, "The archive stays closed.", False),
        (2, "The archive is opened to historians.", False),
    ]
    assert versions[1].made_by == amender
    _adopted(
        m,
        "Rescinding",
        "Decision on the archive rescinded.",
        FOR,
        revises=original,
        revision="rescind",
    )
    last = original.versions.order_by("-number").first()
    assert last is not None and last.rescinded and last.text == versions[1].text
    # A rescinded decision can be neither amended nor rescinded again.
    unchanged.refused(
        "motion.revises",
        functools.partial(
            actions.submit_motion,
            actor=m.chair,
            body=org.committee,
            title="Again",
            text="Again.",
            submitters=[_member(m, 1)],
            revises=original,
            revision="amend",
        ),
        TABLES,
    )


@pytest.mark.parametrize(
    ("revision", "revises_orders"),
    [("amend", True), ("rescind", None), ("", "resolution"), ("repeal", "resolution")],
)
def test_a_revision_names_a_resolution_of_the_body(
    org: Org, revision: str, revises_orders: bool | str | None
) -> None:
    m = _open(org, supporters=0)
    _adopted(m, "On the archive", "The archive stays closed.", FOR)
    target: Decision | None
    if revises_orders is True:
        target = Decision.objects.filter(body=org.committee, kind=DecisionKind.ORDERS).first()
    elif revises_orders == "resolution":
        target = _resolutions(org)[0]
    else:
        target = None
    unchanged.refused(
        "motion.revises",
        functools.partial(
            actions.submit_motion,
            actor=m.chair,
            body=org.committee,
            title="Revision",
            text="Text.",
            submitters=[_member(m, 1)],
            revises=target,
            revision=revision,
        ),
        TABLES,
    )


def test_dissent_only_from_those_who_voted_against_or_abstained(org: Org) -> None:
    m = _open(org, supporters=0)
    _adopted(m, "On the report", "The Committee approves the report.", FOR)
    (decision,) = _resolutions(org)
    voters = _voters(m)
    # Member 1 voted yes in this named vote: the roll call says so.
    refusal = unchanged.refused(
        "dissent.voted-for",
        functools.partial(
            attach_dissent, actor=voters[0], decision=decision, member=_member(m, 1), text="No."
        ),
        TABLES,
    )
    assert "roll call" in str(refusal)
    dissent = attach_dissent(
        actor=voters[4], decision=decision, member=_member(m, 5), text="The report hides the truth."
    )
    assert dissent.member == _member(m, 5)
    entry = JournalEntry.objects.get(code="decision.dissent")
    assert entry.audience == "members" and entry.payload["member"] == _member(m, 5).number
    unchanged.refused(
        "dissent.given",
        functools.partial(
            attach_dissent, actor=voters[4], decision=decision, member=_member(m, 5), text="Again."
        ),
        TABLES,
    )
    # The secretariat records the opinion the abstaining member handed in.
    abstainer = m.alternates[0].member  # stepping in for an absent full member
    assert abstainer is not None
    attach_dissent(actor=m.chair, decision=decision, member=abstainer, text="I abstained.")
    # Member 7 held no vote (absent); member 2 may not speak for member 5; bad text.
    unchanged.refused(
        "dissent.not-voter",
        functools.partial(
            attach_dissent, actor=m.chair, decision=decision, member=_member(m, 7), text="No."
        ),
        TABLES,
    )
    with pytest.raises(NotPermitted):
        attach_dissent(actor=voters[1], decision=decision, member=_member(m, 5), text="x")
    for bad in ("", "  ", "a\x00b", "x" * 20_001):
        unchanged.refused(
            "dissent.text",
            functools.partial(
                attach_dissent, actor=m.chair, decision=decision, member=_member(m, 5), text=bad
            ),
            TABLES,
        )
    orders = Decision.objects.filter(body=org.committee, kind=DecisionKind.ORDERS).first()
    assert orders is not None
    unchanged.refused(
        "dissent.kind",
        functools.partial(
            attach_dissent, actor=m.chair, decision=orders, member=_member(m, 5), text="No."
        ),
        TABLES,
    )


def test_no_dissent_from_a_unanimous_secret_decision(org: Org) -> None:
    m = _open(org, supporters=0)
    motion = actions.submit_motion(
        actor=m.chair,
        body=org.committee,
        title="Unanimous",
        text="All agree.",
        submitters=[_member(m, 1)],
    )
    actions.table_motion(actor=m.chair, motion=motion)
    motion = actions.put_motion_to_vote(
        actor=m.chair, motion=motion, sitting=m.sitting, form="secret"
    )
    assert motion.vote is not None
    for actor in _voters(m):
        voting.cast_ballot(actor=actor, vote=motion.vote, choice="yes")
    voting.close_vote(actor=m.chair, vote=motion.vote)
    (decision,) = _resolutions(org)
    unchanged.refused(
        "dissent.unanimous",
        functools.partial(
            attach_dissent, actor=m.chair, decision=decision, member=_member(m, 2), text="No."
        ),
        TABLES,
    )


def test_elections_orders_and_recalls_enter_the_register(org: Org) -> None:
    m = _open(org, supporters=0)
    presidium = _presidium(m)
    election = electing.call_election(actor=m.chair, sitting=m.sitting, body=presidium)
    _standing(m, election, [1, 2, 3, 4])
    election = electing.open_ballot(actor=m.chair, election=election)
    assert election.vote is not None
    for actor, ballot in zip(_voters(m), ["1 2", "1 2", "1 2", "2 1", "3 4", "4 3 1"], strict=True):
        voting.cast_ballot(actor=actor, vote=election.vote, choice=ballot)
    voting.close_vote(actor=m.chair, vote=election.vote)
    assert not Decision.objects.filter(kind=DecisionKind.ELECTION).exists()  # not yet declared
    declare_election(actor=m.chair, election=election)
    entered = Decision.objects.get(kind=DecisionKind.ELECTION)
    assert entered.body == org.committee and entered.title == election.title
    assert "Elected: Full Member 1" in entered.versions.get().text
    assert entered.tally["voters"] == 6 and entered.tally["cast"] == 6
    assert "Scottish STV" in entered.explanation

    office = create_office(actor=SYSTEM, body=org.committee, title="First Secretary", slug="first")
    term = appoint_to_office(actor=SYSTEM, office=office, member=_member(m, 1))
    vote = voting.open_recall(actor=m.chair, sitting=m.sitting, term=term, form="named")
    for actor, choice in zip(_voters(m), FOR, strict=True):
        voting.cast_ballot(actor=actor, vote=vote, choice=choice)
    voting.close_vote(actor=m.chair, vote=vote)
    recall = Decision.objects.get(kind=DecisionKind.RECALL)
    assert "First Secretary" in recall.title and recall.tally["yes"] == 4

    document = dict(PRESETS["1956-practice"])
    adopt_standing_orders(actor=SYSTEM, body=org.committee, title="1956", document=document)
    numbers = list(
        Decision.objects.filter(body=org.committee).order_by("number").values_list("kind", "number")
    )
    assert numbers == [
        ("orders", 1),
        ("orders", 2),
        ("election", 3),
        ("recall", 4),
        ("orders", 5),
    ]
    newest = Decision.objects.get(body=org.committee, number=5)
    # The 1956 practice publishes nothing: members read the decision, only staff its tally.
    assert (newest.audience, newest.tally_audience) == ("members", "body-staff")
