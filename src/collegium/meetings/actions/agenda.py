"""The agenda: items added to the draft, the meeting adopting it by a counted show of
hands (decided under the orders by collegium.rules), the chair opening and closing items,
and the meeting closing an item's list of speakers."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.meetings.actions.common import (
    check_item_open,
    check_open,
    check_status,
    fresh,
    fresh_item,
    of_sitting,
    require_chair,
)
from collegium.meetings.actions.sittings import TO_COME
from collegium.meetings.models import (
    AgendaItem,
    Decision,
    ItemKind,
    ItemState,
    Sitting,
    SittingStatus,
)
from collegium.meetings.queries import roll_state, rules_of
from collegium.rules.errors import RuleError
from collegium.rules.procedure import texts
from collegium.rules.procedure.attendance import require_quorum
from collegium.rules.questions.tally import Tally
from collegium.rules.text import figure

# How deep items nest: "2.1.3" at most.
DEPTH = 3


@action(chain=of_sitting("sitting"))
def add_item(
    *,
    actor: Actor,
    sitting: Sitting,
    title: str,
    kind: str,
    parent: AgendaItem | None = None,
) -> AgendaItem:
    """Put an item on the draft agenda, after its siblings. Refused once the agenda is
    adopted (`sitting.agenda-adopted`): from then on the meeting's agenda is fixed."""
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    check_status(sitting, *TO_COME, SittingStatus.OPEN)
    if sitting.agenda_adopted:
        raise RuleError(
            _("The agenda is adopted; items can no longer be added."),
            rule="sitting.agenda-adopted",
        )
    if kind not in ItemKind.values:
        raise RuleError(
            _("Unknown kind of item %(kind)s; known: %(known)s.")
            % {"kind": kind, "known": ", ".join(ItemKind.values)},
            rule="sitting.item-kind",
        )
    if not title.strip():
        raise RuleError(_("An item needs a title."), rule="sitting.item-title")
    texts.check_length(title, texts.DETAIL, _("The item's title"), "sitting.text-length")
    if parent is not None:
        if parent.sitting_id != sitting.pk:
            raise RuleError(
                _("An item nests only under an item of the same sitting."),
                rule="sitting.item-parent",
            )
        if parent.number.count(".") + 1 >= DEPTH:
            raise RuleError(
                _("Items nest at most %(depth)d levels deep.") % {"depth": DEPTH},
                rule="sitting.item-depth",
            )
    siblings = AgendaItem.objects.filter(sitting=sitting, parent=parent)
    position = (siblings.aggregate(p=Max("position"))["p"] or 0) + 1
    number = f"{parent.number}.{position}" if parent is not None else str(position)
    item = AgendaItem.objects.create(
        sitting=sitting, parent=parent, position=position, number=number, title=title, kind=kind
    )
    record(
        "sitting.item.added",
        actor=actor,
        organization=sitting.body.organization,
        obj=item,
        body_id=sitting.body_id,
        payload={"sitting": sitting.number, "item": number, "title": title, "item_kind": kind},
    )
    return item


def show_of_hands(
    sitting: Sitting, subject: str, yes: int, no: int, abstain: int, item: AgendaItem | None
) -> Decision:
    """A decision of the meeting by a counted show of hands, decided under the sitting's
    orders: refused without quorum (`sitting.quorum`) and when more hands are counted than
    there are voters present (`sitting.hands`)."""
    rules = rules_of(sitting)
    state = roll_state(sitting, rules)
    quorum = require_quorum(state.votes, rules.quorum)
    for count in (yes, no, abstain):
        if count < 0:
            raise RuleError(_("Counts of hands are never negative."), rule="sitting.hands")
    if yes + no + abstain > quorum.present:
        raise RuleError(
            _("%(hands)s hands were counted, but only %(present)s voters are present.")
            % {"hands": figure(yes + no + abstain), "present": figure(quorum.present)},
            rule="sitting.hands",
        )
    tally = Tally(
        yes=yes, no=no, abstain=abstain, present=quorum.present, entitled=quorum.full_seats
    )
    decided = rules.decide(
        tally, kind="procedural", present_at_opening=quorum.present, subject=subject
    )
    return Decision.objects.create(
        sitting=sitting,
        item=item,
        subject=subject,
        yes=yes,
        no=no,
        abstain=abstain,
        present=quorum.present,
        adopted=decided.adopted,
        rule=decided.rule,
        explanation=decided.sentence,
        decided_at=timezone.now(),
    )


def _decision_payload(decision: Decision) -> dict[str, object]:
    return {
        "yes": decision.yes,
        "no": decision.no,
        "abstain": decision.abstain,
        "adopted": decision.adopted,
        "rule": decision.rule,
        "explanation": decision.explanation,
    }


@action(chain=of_sitting("sitting"))
def adopt_agenda(
    *, actor: Actor, sitting: Sitting, yes: int, no: int, abstain: int = 0
) -> Decision:
    """The meeting votes on its agenda by a counted show of hands that the secretary
    records; adopted or not as the orders decide (the decision says which rule and with
    what numbers). Until then no item can be opened."""
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    check_open(sitting)
    if sitting.agenda_adopted:
        raise RuleError(_("The agenda is adopted already."), rule="sitting.agenda-adopted")
    if not AgendaItem.objects.filter(sitting=sitting).exists():
        raise RuleError(_("The agenda has no items."), rule="sitting.agenda-empty")
    decision = show_of_hands(sitting, _("Adoption of the agenda"), yes, no, abstain, None)
    if decision.adopted:
        Sitting.objects.filter(pk=sitting.pk).update(agenda_adopted=True)
    record(
        "sitting.agenda.decided",
        actor=actor,
        organization=sitting.body.organization,
        obj=decision,
        body_id=sitting.body_id,
        payload={"sitting": sitting.number, **_decision_payload(decision)},
    )
    return decision


@action(chain=of_sitting("item"))
def open_item(*, actor: Actor, item: AgendaItem) -> AgendaItem:
    """The chair opens an item; the item open before is closed. Refused before the
    agenda is adopted (`sitting.agenda-not-adopted`)."""
    item = fresh_item(item)
    sitting = item.sitting
    require_chair(actor, sitting)
    check_open(sitting)
    if not sitting.agenda_adopted:
        raise RuleError(
            _("The agenda is not adopted yet; adopt it before opening an item."),
            rule="sitting.agenda-not-adopted",
        )
    if item.state == ItemState.OPEN:
        raise RuleError(
            _("Item %(number)s is open already.") % {"number": item.number},
            rule="sitting.item-open",
        )
    for other in AgendaItem.objects.filter(sitting=sitting, state=ItemState.OPEN):
        _close(actor, other)
    now = timezone.now()
    AgendaItem.objects.filter(pk=item.pk).update(state=ItemState.OPEN, opened_at=now)
    Sitting.objects.filter(pk=sitting.pk).update(current_item=item)
    record(
        "sitting.item.opened",
        actor=actor,
        organization=sitting.body.organization,
        obj=item,
        body_id=sitting.body_id,
        payload={"sitting": sitting.number, "item": item.number},
    )
    return fresh_item(item)


@action(chain=of_sitting("item"))
def close_item(*, actor: Actor, item: AgendaItem) -> AgendaItem:
    item = fresh_item(item)
    require_chair(actor, item.sitting)
    check_open(item.sitting)
    check_item_open(item)
    _close(actor, item)
    return fresh_item(item)


def _close(actor: Actor, item: AgendaItem) -> None:
    """Close an open item: the speech under way ends, requests still waiting lapse."""
    from collegium.meetings.actions.floor import finish_speech
    from collegium.meetings.models import FloorRequest, RequestState

    now = timezone.now()
    for speech in FloorRequest.objects.filter(item=item, state=RequestState.SPEAKING):
        finish_speech(speech, now)
    FloorRequest.objects.filter(item=item, state=RequestState.WAITING).update(
        state=RequestState.WITHDRAWN
    )
    AgendaItem.objects.filter(pk=item.pk).update(state=ItemState.CLOSED, closed_at=now)
    Sitting.objects.filter(pk=item.sitting_id, current_item=item).update(current_item=None)
    record(
        "sitting.item.closed",
        actor=actor,
        organization=item.sitting.body.organization,
        obj=item,
        body_id=item.sitting.body_id,
        payload={"sitting": item.sitting.number, "item": item.number},
    )


@action(chain=of_sitting("item"))
def close_list(*, actor: Actor, item: AgendaItem, yes: int, no: int, abstain: int = 0) -> Decision:
    """The meeting decides by a counted show of hands to close the item's list of
    speakers; once closed, only points of order may be raised."""
    item = fresh_item(item)
    sitting = item.sitting
    require_chair(actor, sitting)
    check_open(sitting)
    check_item_open(item)
    if item.list_closed:
        raise RuleError(_("The list of speakers is closed already."), rule="speakers.list-closed")
    decision = show_of_hands(
        sitting,
        _("Closing the list of speakers on item %(number)s") % {"number": item.number},
        yes,
        no,
        abstain,
        item,
    )
    if decision.adopted:
        AgendaItem.objects.filter(pk=item.pk).update(list_closed=True)
    record(
        "sitting.list.decided",
        actor=actor,
        organization=sitting.body.organization,
        obj=decision,
        body_id=sitting.body_id,
        payload={"sitting": sitting.number, "item": item.number, **_decision_payload(decision)},
    )
    return decision
