"""Pure rules of motions: the 1915 Robert's Rules precedence and attributes, the motion
workflow, and amendments cited by line (conflicts, resulting text, voting order)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collegium.rules.errors import RuleError
from collegium.rules.motions import amendments as am
from collegium.rules.motions import procedural as pm
from collegium.rules.motions import workflow as wf
from collegium.rules.motions.amendments import Change

M = pm.BY_KEY


def _refused(rule: str, attempt: object, *args: object, **kwargs: object) -> RuleError:
    with pytest.raises(RuleError) as refused:
        attempt(*args, **kwargs)  # type: ignore[operator]
    assert refused.value.rule == rule
    return refused.value


# Procedural motions -------------------------------------------------------------------


def test_the_table_of_attributes_follows_the_1915_edition() -> None:
    assert len(pm.MOTIONS) == 22
    # The order of precedence: privileged, then subsidiary, then the main motion.
    ranked = [m.key for m in pm.MOTIONS if m.rank]
    assert ranked == [
        "fix-time-to-adjourn",
        "adjourn",
        "recess",
        "question-of-privilege",
        "orders-of-the-day",
        "lay-on-the-table",
        "previous-question",
        "limit-debate",
        "postpone-to-time",
        "refer",
        "amend",
        "postpone-indefinitely",
        "main",
    ]
    assert [m.rank for m in pm.MOTIONS if m.rank] == list(range(13, 0, -1))
    previous = M["previous-question"]
    assert (previous.second, previous.debatable, previous.amendable) == (True, False, False)
    assert previous.needs == pm.Needs.TWO_THIRDS
    adjourn = M["adjourn"]
    assert not adjourn.debatable and not adjourn.reconsider and adjourn.needs == "majority"
    assert M["point-of-order"].needs == pm.Needs.CHAIR and not M["point-of-order"].second
    assert M["suspend-the-rules"].needs == pm.Needs.TWO_THIRDS
    assert M["amend"].debatable and M["amend"].amendable
    assert M["postpone-indefinitely"].debatable and not M["postpone-indefinitely"].amendable
    assert all(m.section.startswith("§ ") for m in pm.MOTIONS)


def test_a_motion_is_in_order_only_if_it_outranks_the_pending_one() -> None:
    main, amend = M["main"], M["amend"]
    pm.in_order(main, [])
    pm.in_order(amend, [main])
    pm.in_order(M["previous-question"], [main, amend])
    pm.in_order(M["adjourn"], [main, amend, M["previous-question"]])
    refusal = _refused(
        "motion.out-of-order", pm.in_order, M["refer"], [main, M["lay-on-the-table"]]
    )
    assert "Refer to a commission" in str(refusal) and "Lay on the table" in str(refusal)
    _refused("motion.out-of-order", pm.in_order, M["recess"], [main, M["adjourn"]])
    # A main motion only when nothing is pending; a subsidiary one only when something is.
    _refused("motion.out-of-order", pm.in_order, main, [main])
    _refused("motion.nothing-pending", pm.in_order, amend, [])
    pm.in_order(M["adjourn"], [])


def test_incidental_and_renewal_motions_follow_the_books_exceptions() -> None:
    main = M["main"]
    # Incidental motions arise from whatever is pending below a privileged motion.
    pm.in_order(M["point-of-order"], [main, M["previous-question"]])
    pm.in_order(M["division-of-the-question"], [main])
    _refused("motion.out-of-order", pm.in_order, M["suspend-the-rules"], [main, M["recess"]])
    pm.in_order(M["point-of-order"], [main, M["recess"]])  # always in order
    # A subsidiary motion outranks a pending incidental one.
    pm.in_order(M["lay-on-the-table"], [main, M["appeal"]])
    # Reconsider may be made at any time; take from the table and rescind stand alone.
    pm.in_order(M["reconsider"], [main, M["amend"]])
    pm.in_order(M["take-from-the-table"], [])
    _refused("motion.out-of-order", pm.in_order, M["rescind"], [main])


def test_the_orders_switch_the_set_off_or_change_its_votes() -> None:
    rules = pm.parse_procedural({"votes": {"previous-question": "majority"}})
    assert rules.motion("previous-question").needs == pm.Needs.MAJORITY
    assert rules.motion("limit-debate").needs == pm.Needs.TWO_THIRDS
    assert pm.parse_procedural(rules.to_document()) == rules
    off = pm.parse_procedural({"enabled": False})
    assert off.motion("main").key == "main"
    _refused("motion.procedural-off", off.motion, "adjourn")
    _refused("motion.unknown", pm.ProceduralRules().motion, "filibuster")
    bad_values: list[object] = [
        {"votes": {"adjourn": "unanimity"}},
        {"votes": {"nope": "majority"}},
        [],
        {"x": 1},
    ]
    for bad in bad_values:
        _refused("orders.procedural-motions", pm.parse_procedural, bad)
    assert pm.majority_of(pm.Needs.TWO_THIRDS) == "two-thirds"
    assert pm.majority_of(pm.Needs.CHAIR) is None


# Workflow ----------------------------------------------------------------------------


def test_the_workflow_allows_each_step_only_from_its_states() -> None:
    state = wf.State.DRAFT
    for step in (wf.Step.TABLE, wf.Step.REFER, wf.Step.RECOMMEND, wf.Step.VOTE, wf.Step.ADOPT):
        state = wf.after(state, step)
    assert state == wf.State.ADOPTED
    assert wf.after(wf.State.TABLED, wf.Step.VOTE) == wf.State.VOTING
    refusal = _refused("motion.step", wf.after, wf.State.ADOPTED, wf.Step.WITHDRAW)
    assert "adopted" in str(refusal) and "withdraw it" in str(refusal)
    _refused("motion.step", wf.after, wf.State.DRAFT, wf.Step.VOTE)
    _refused("motion.step", wf.after, wf.State.VOTING, wf.Step.WITHDRAW)
    assert wf.after(wf.State.REFERRED, wf.Step.WITHDRAW) == wf.State.WITHDRAWN


def test_tabling_needs_the_supporters_and_the_deadline_of_the_orders() -> None:
    rules = wf.parse_motion_rules({"supporters": 5, "deadline_days": 2})
    opens = datetime.datetime(1956, 2, 14, 10, tzinfo=datetime.UTC)
    early = opens - datetime.timedelta(days=3)
    wf.check_tabling(rules, supporters=5, now=early, sitting_starts=opens)
    refusal = _refused(
        "motion.supporters", wf.check_tabling, rules, supporters=4, now=early, sitting_starts=opens
    )
    assert str(refusal) == "A motion needs 5 supporters to be tabled; it has 4."
    late = opens - datetime.timedelta(days=1)
    _refused(
        "motion.deadline", wf.check_tabling, rules, supporters=9, now=late, sitting_starts=opens
    )
    wf.check_tabling(wf.MotionRules(), supporters=0, now=late, sitting_starts=None)
    assert "5 supporters" in rules.describe() and "2 days" in rules.describe()
    assert wf.parse_motion_rules(rules.to_document()) == rules
    for bad in ({"supporters": -1}, {"supporters": True}, {"deadline_days": "2"}, {"x": 1}, 3):
        _refused("orders.motions", wf.parse_motion_rules, bad)


# Amendments --------------------------------------------------------------------------

TEXT = """The Congress approves the report.

It instructs the Central Committee
to prepare a new programme
and to report to the next Congress.

It condemns the cult of personality."""


def test_lines_are_numbered_across_paragraphs() -> None:
    shown = am.numbered(TEXT)
    assert [(line.number, line.text[:6]) for line in shown] == [
        (1, "The Co"),
        (None, ""),
        (2, "It ins"),
        (3, "to pre"),
        (4, "and to"),
        (None, ""),
        (5, "It con"),
    ]
    assert len(am.lines_of(TEXT)) == 5


def test_changes_are_applied_by_the_tabled_line_numbers() -> None:
    reworded = Change(3, 3, "to prepare a new programme within a year")
    struck = Change(5, 5, "")
    inserted = Change(2, 1, "It thanks the delegates.")
    result = am.apply(TEXT, [reworded, struck, inserted])
    assert result == (
        "The Congress approves the report.\n"
        "It thanks the delegates.\n\n"
        "It instructs the Central Committee\n"
        "to prepare a new programme within a year\n"
        "and to report to the next Congress."
    )
    # An insertion joins the paragraph of the line it follows, or starts its own when
    # its text starts with a blank line.
    assert "report.\n\nIt thanks.\n\nIt instructs" in am.apply(TEXT, [Change(2, 1, "\nIt thanks.")])
    assert am.apply(TEXT, []) == TEXT


def test_conflicting_amendments_are_flagged_and_not_adopted_together() -> None:
    a, b = Change(2, 3, "It instructs the Praesidium"), Change(3, 4, "to do nothing")
    assert am.conflicts(a, b) and am.conflicts(b, a)
    assert not am.conflicts(Change(1, 1, "x"), Change(2, 2, "y"))
    assert am.conflicts(Change(3, 2, "x"), Change(3, 2, "y"))  # both insert at one place
    assert am.conflicts(Change(3, 2, "x"), Change(2, 4, "y"))  # inside a replaced block
    assert not am.conflicts(Change(2, 1, "x"), Change(2, 4, "y"))  # at its edge
    refusal = _refused("amendment.conflict", am.apply, TEXT, [a, b])
    assert "lines 2–3" in str(refusal) and "lines 3–4" in str(refusal)


def test_bad_line_citations_are_refused() -> None:
    _refused("amendment.lines", am.check_change, Change(6, 6, "x"), TEXT)
    _refused("amendment.lines", am.check_change, Change(3, 1, "x"), TEXT)
    _refused("amendment.empty", am.check_change, Change(2, 1, "  "), TEXT)
    am.check_change(Change(6, 5, "A closing line."), TEXT)  # appended after the last


def test_the_amendment_departing_furthest_is_voted_first() -> None:
    changes = [
        ("small", Change(3, 3, "to prepare a programme")),
        ("end", Change(5, 5, "It condemns nothing.")),
        ("whole", Change(2, 4, "It dissolves the Central Committee.")),
        ("first", Change(1, 1, "The Congress notes the report.")),
    ]
    assert am.voting_order(TEXT, changes) == ["first", "whole", "small", "end"]


def test_the_diff_shows_removed_and_added_lines() -> None:
    changed = am.apply(TEXT, [Change(5, 5, "It condemns the cult and its consequences.")])
    kinds = [(d.kind, d.text[:12]) for d in am.diff(TEXT, changed)]
    assert kinds[-2:] == [("removed", "It condemns "), ("added", "It condemns ")]
    assert [k for k, _t in kinds[:4]] == ["same"] * 4


@given(
    st.lists(st.text(alphabet="ab \n", max_size=12), min_size=1, max_size=8),
    st.data(),
)
def test_applying_one_change_keeps_every_other_line(lines: list[str], data: st.DataObject) -> None:
    text = "\n".join(lines)
    count = len(am.lines_of(text))
    first = data.draw(st.integers(1, count + 1))
    last = data.draw(st.integers(first - 1, count))
    new = data.draw(st.text(alphabet="xy \n", max_size=10))
    change = Change(first, last, new if new.strip() or last >= first else "x")
    result = am.lines_of(am.apply(text, [change]))
    before = am.lines_of(text)
    assert result[: first - 1] == before[: first - 1]
    assert result[len(result) - (count - last) :] == before[last:] if count > last else True


# In the standing orders ----------------------------------------------------------------


def test_the_orders_carry_the_motion_settings_and_name_their_problems() -> None:
    from collegium.rules.standing_orders.diff import describe_changes
    from collegium.rules.standing_orders.document import (
        StandingOrdersInvalid,
        parse_standing_orders,
        preset,
    )
    from collegium.rules.standing_orders.presets import PRESETS

    document = dict(PRESETS["lenin-era"])
    document["motions"] = {"supporters": 5, "deadline_days": 2}
    document["procedural_motions"] = {"votes": {"previous-question": "majority"}}
    orders = parse_standing_orders(document)
    assert orders.motions == wf.MotionRules(5, 2)
    assert orders.procedural_motions.motion("previous-question").needs == pm.Needs.MAJORITY
    assert parse_standing_orders(orders.to_document()) == orders
    changes = describe_changes(preset("lenin-era"), orders)
    assert any("A motion is tabled with 5 supporters." in c for c in changes)
    assert any("Previous question (close debate) needs a majority" in c for c in changes)
    document["motions"] = {"supporters": -1}
    document["procedural_motions"] = {"enabled": "yes"}
    with pytest.raises(StandingOrdersInvalid) as invalid:
        parse_standing_orders(document)
    assert [path for path, _message in invalid.value.located] == ["motions", "procedural_motions"]
