"""The demo's resolutions, through the motion actions like any other: after the debate on
the Central Committee's report the Congress elects a commission (Mikoyan among its
members) to frame the resolution on it; the Praesidium's draft is tabled, referred to the
commission, recommended and adopted; in the closed session a later decision "authorises a
further revision of the record" and amends that resolution, so the register keeps both
versions.

Under "Lenin-era rules" a motion needs supporters: a motion of three delegates is not
tabled (motion.supporters); the counter-report's group moves an amendment, which the
commission recommends and the Congress adopts by a counted majority; its signers vote
against the resolution or abstain, and one of them attaches a dissenting opinion. Under
"1956 practice" there is no amendment, every vote is unanimous, and no dissent can be
attached (dissent.unanimous), as the Congress's votes were. The texts are summaries
written for the demo, not the resolutions' wording."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from collegium.bodies.models import Body
from collegium.demo.elections import elect
from collegium.journal.actors import SYSTEM
from collegium.meetings.models import AgendaItem, Sitting
from collegium.motions import actions
from collegium.motions.actions.common import motion_rules
from collegium.motions.models import Motion
from collegium.register.actions import attach_dissent
from collegium.register.models import Decision
from collegium.registry.models import Member
from collegium.rules.errors import RuleError
from collegium.voting.actions import Cast, cast_ballots, close_vote
from collegium.voting.actions.electing import FULL
from collegium.voting.models import Vote, VoteForm, Voter

RESOLUTION_TITLE = "Resolution on the report of the Central Committee"
RESOLUTION = """The Twentieth Congress approves the political line
and the practical work of the Central Committee.

The Congress holds that war between states is not fatally inevitable,
that states with different social systems can coexist in peace,
and that countries may take different roads to socialism.

The Congress approves the course to develop heavy industry
and to raise the output of grain and livestock.

The Congress instructs the Central Committee to restore the Leninist norms of Party life
and the principle of collective leadership in every Party body."""

AMENDMENT = (
    "The Congress instructs the Central Committee to examine openly, before the next "
    "Congress, how these norms came to be broken, and to report on it to the members."
)
DISSENT = (
    "I voted against the resolution. It approves the report's account of the years since "
    "the Nineteenth Congress without the open examination the counter-report asked for; "
    "an instruction to the Central Committee to examine itself is not that examination."
)

REVISION_TITLE = "Authorising a further revision of the record"
# Added to the resolution as it then reads.
REVISION = """The Congress approves the report "On the cult of personality and its consequences",
heard in closed session, and instructs the Central Committee to overcome the cult
of personality and its consequences in every field of Party and state work."""

SMALL_MOTION = (
    "Motion on the publication of the closed session's report",
    "The Congress publishes the report on the cult of personality in the Party press.",
)

# Its members: the Praesidium's ideologist, Mikoyan, and delegates.
COMMISSION_LEADERS = ["Mikhail Suslov", "Anastas Mikoyan", "Aleksei Kirichenko"]
COMMISSION_SEATS = 7
SUBMITTERS = ["Nikita Khrushchev", "Nikolai Bulganin", "Mikhail Suslov"]
SUPPORTERS = [
    "Kliment Voroshilov",
    "Lazar Kaganovich",
    "Georgy Malenkov",
    "Vyacheslav Molotov",
    "Mikhail Pervukhin",
    "Maksim Saburov",
    "Aleksei Kirichenko",
    "Anastas Mikoyan",
    "Georgy Zhukov",
    "Leonid Brezhnev",
]
# How a voter (their place on the roll, their member id) votes.
Chooser = Callable[[int, int], str]


@dataclass(frozen=True)
class Framed:
    """What became of the resolution, for the loader's progress lines."""

    motion: Motion
    decision: Decision | None
    refused_motion: str  # the small motion's refusal, "" when it was tabled


class Resolutions:
    """The Congress's resolutions, held while the items they belong to are open."""

    def __init__(
        self, members: dict[str, Member], commission: Body, delegates: Sequence[Member]
    ) -> None:
        self.members = members
        self.commission = commission
        self.delegates = list(delegates)  # from whom the commission's other seats are filled
        self.signers: frozenset[int] = frozenset()  # the counter-report's, when heard
        self.framed: Framed | None = None

    def on_the_report(
        self, sitting: Sitting, item: AgendaItem, signers: frozenset[int] = frozenset()
    ) -> None:
        """After the debate: elect the commission, table the draft, amend, refer,
        recommend, vote, and attach a dissent where the orders allow one. `signers`: the
        member ids of the counter-report's signers, where it was heard."""
        self.signers = signers
        leaders = [self.members[name] for name in COMMISSION_LEADERS]
        # The minority sits on the commission too, where it was heard.
        minority = [
            m for m in Member.objects.filter(pk__in=signers).order_by("pk") if m not in leaders
        ][:2]
        others = [m for m in self.delegates if m not in leaders and m not in minority]
        seated = [*leaders, *minority, *others][:COMMISSION_SEATS]
        elect(sitting, seated, body=self.commission, places=FULL)
        congress = sitting.body
        refused = self._small_motion(congress, sitting, item)
        motion = actions.submit_motion(
            actor=SYSTEM,
            body=congress,
            title=RESOLUTION_TITLE,
            text=RESOLUTION,
            submitters=[self.members[name] for name in SUBMITTERS],
            sitting=sitting,
            item=item,
        )
        self._support(motion, len(SUBMITTERS))
        actions.table_motion(actor=SYSTEM, motion=motion)
        amendment = None
        if self.signers:
            amendment = actions.propose_amendment(
                actor=SYSTEM,
                motion=motion,
                member=self.members["Anastas Mikoyan"],
                first_line=10,  # after the last line (9): an insertion
                last_line=9,
                text=AMENDMENT,
                reason="The counter-report's request, put as an instruction.",
            )
        actions.refer_motion(actor=SYSTEM, motion=motion, commission=self.commission)
        actions.recommend(
            actor=SYSTEM,
            motion=motion,
            recommendation="adopt-as-amended" if amendment is not None else "adopt",
            amendments={amendment.number: "adopt"} if amendment is not None else None,
        )
        if amendment is not None:
            voted = actions.put_amendment_to_vote(actor=SYSTEM, motion=motion, sitting=sitting)
            assert voted.vote is not None
            # The group and a majority of the others (one delegate in two) for it.
            self._vote(
                voted.vote,
                lambda index, member: "yes" if index % 2 == 0 or member in self.signers else "no",
            )
        motion = actions.put_motion_to_vote(actor=SYSTEM, motion=motion, sitting=sitting)
        assert motion.vote is not None
        # The signers abstain, but one in five of them votes against.
        cast = self._vote(
            motion.vote,
            lambda index, member: (
                ("no" if index % 5 == 0 else "abstain") if member in self.signers else "yes"
            ),
        )
        motion = Motion.objects.get(pk=motion.pk)
        decision = Decision.objects.filter(vote=motion.vote).first()
        against = [member for member, choice in cast.items() if choice == "no"]
        if decision is not None and against:
            dissenter = Member.objects.get(pk=against[0])
            attach_dissent(actor=SYSTEM, decision=decision, member=dissenter, text=DISSENT)
        self.framed = Framed(motion, decision, refused)

    def in_closed_session(self, sitting: Sitting, item: AgendaItem) -> None:
        """After the report on the cult of personality: the resolution is amended to
        approve it, a decision of its own that makes the resolution's second version."""
        if self.framed is None or self.framed.decision is None:
            return
        decision = self.framed.decision
        current = decision.versions.order_by("-number").first()
        assert current is not None
        motion = actions.submit_motion(
            actor=SYSTEM,
            body=sitting.body,
            title=REVISION_TITLE,
            text=current.text + "\n\n" + REVISION,
            submitters=[self.members[name] for name in SUBMITTERS],
            sitting=sitting,
            item=item,
            revises=decision,
            revision="amend",
        )
        self._support(motion, len(SUBMITTERS))
        actions.table_motion(actor=SYSTEM, motion=motion)
        motion = actions.put_motion_to_vote(actor=SYSTEM, motion=motion, sitting=sitting)
        assert motion.vote is not None
        self._vote(motion.vote, lambda index, member: "yes")

    def _small_motion(self, congress: Body, sitting: Sitting, item: AgendaItem) -> str:
        """Three delegates move to publish the closed session's report; under orders that
        ask for more supporters it stays a draft."""
        movers = [self.members[name] for name in ("Georgy Zhukov", "Yekaterina Furtseva")]
        title, text = SMALL_MOTION
        small = actions.submit_motion(
            actor=SYSTEM,
            body=congress,
            title=title,
            text=text,
            submitters=movers,
            sitting=sitting,
            item=item,
        )
        actions.support_motion(actor=SYSTEM, motion=small, member=self.members["Leonid Brezhnev"])
        try:
            actions.table_motion(actor=SYSTEM, motion=small)
        except RuleError as refused:
            return f"{refused.rule}: {refused}"
        actions.withdraw_motion(actor=SYSTEM, motion=small)
        return ""

    def _support(self, motion: Motion, already: int) -> None:
        """Members of the Praesidium support the draft, as many as the orders ask."""
        rules, _procedural = motion_rules(motion.body)
        for name in SUPPORTERS[: max(0, rules.supporters - already)]:
            actions.support_motion(actor=SYSTEM, motion=motion, member=self.members[name])

    def _vote(self, vote: Vote, choose: Chooser) -> dict[int, str]:
        """Every voter of the roll votes `choose(place, member id)` (a show of hands is
        counted from the same choices); returns each member's choice."""
        voters = list(
            Voter.objects.filter(vote=vote).order_by("pk").values_list("member_id", flat=True)
        )
        cast = {member: choose(index, member) for index, member in enumerate(voters)}
        choices = list(cast.values())
        if vote.form == VoteForm.SHOW_OF_HANDS:
            close_vote(
                actor=SYSTEM,
                vote=vote,
                yes=choices.count("yes"),
                no=choices.count("no"),
                abstain=choices.count("abstain"),
            )
            return cast
        cast_ballots(
            actor=SYSTEM,
            vote=vote,
            casts=[Cast(user_id=None, choice=choice, member_id=m) for m, choice in cast.items()],
        )
        close_vote(actor=SYSTEM, vote=vote)
        return cast
