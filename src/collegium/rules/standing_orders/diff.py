"""What a new version of the standing orders changes against the version in force, in
sentences for the page that asks to adopt it: "Quorum: was more than half of the full
members present at the vote, becomes at least two thirds of …". Built on each setting's
own describe(), so a change reads as the orders themselves do."""

from __future__ import annotations

from collections.abc import Callable

from collegium.rules.standing_orders.document import StandingOrders, describe_tie, kind_words
from collegium.rules.text import _, gettext_noop

# Settings that describe themselves in a whole sentence: (name of the setting, its sentence).
_SENTENCES: list[tuple[str, Callable[[StandingOrders], str]]] = [
    (gettext_noop("Ties"), lambda orders: describe_tie(orders.tie)),
    (gettext_noop("Secret ballot"), lambda orders: orders.secret_ballot.describe()),
    (gettext_noop("Counter-reports"), lambda orders: orders.counter_report.describe()),
    (gettext_noop("Speaking time"), lambda orders: orders.speaking_time.describe()),
    (gettext_noop("Lists of speakers"), lambda orders: orders.speakers.describe()),
    (gettext_noop("Sittings"), lambda orders: orders.sitting.describe()),
    (gettext_noop("Votes"), lambda orders: orders.votes.describe()),
    (gettext_noop("Elections"), lambda orders: orders.elections.describe()),
    (gettext_noop("Motions"), lambda orders: orders.motions.describe()),
    (gettext_noop("Procedural motions"), lambda orders: orders.procedural_motions.describe()),
    (
        gettext_noop("What members see"),
        lambda orders: orders.transparency.members.describe(public=False),
    ),
    (
        gettext_noop("What the public sees"),
        lambda orders: orders.transparency.public.describe(public=True),
    ),
    (gettext_noop("Suspension"), lambda orders: orders.suspension.describe()),
    (gettext_noop("Guest seats"), lambda orders: orders.guest_seats.describe()),
]


def describe_changes(old: StandingOrders, new: StandingOrders) -> list[str]:
    """One sentence per setting that differs, in the order describe() lists them; an
    empty list when the two say the same."""
    changes: list[str] = []
    if old.title != new.title:
        changes.append(
            _("Title: was “%(old)s”, becomes “%(new)s”.") % {"old": old.title, "new": new.title}
        )
    if old.description != new.description:
        changes.append(_("The description changes."))
    if old.quorum != new.quorum:
        changes.append(
            _("Quorum: was %(old)s, becomes %(new)s.")
            % {"old": old.quorum.describe(), "new": new.quorum.describe()}
        )
    if old.majority != new.majority:
        changes.append(
            _("Majority: was %(old)s, becomes %(new)s.")
            % {"old": old.majority.describe(), "new": new.majority.describe()}
        )
    changes.extend(_majorities_changed(old, new))
    for setting, sentence in _SENTENCES:
        before, after = sentence(old), sentence(new)
        if before != after:
            changes.append(
                _("%(setting)s: was “%(old)s”, becomes “%(new)s”")
                % {"setting": _(setting), "old": before, "new": after}
            )
    return changes


def _majorities_changed(old: StandingOrders, new: StandingOrders) -> list[str]:
    kinds = [*old.majorities, *(kind for kind in new.majorities if kind not in old.majorities)]
    changes = []
    for kind in kinds:
        before, after = old.majorities.get(kind), new.majorities.get(kind)
        if before == after:
            continue
        words = {"kind": kind_words(kind)}
        if before is None:
            assert after is not None
            sentence = _("Majority to %(kind)s: was the general majority, becomes %(new)s.") % {
                **words,
                "new": after.describe(),
            }
        elif after is None:
            sentence = _("Majority to %(kind)s: was %(old)s, becomes the general majority.") % {
                **words,
                "old": before.describe(),
            }
        else:
            sentence = _("Majority to %(kind)s: was %(old)s, becomes %(new)s.") % {
                **words,
                "old": before.describe(),
                "new": after.describe(),
            }
        changes.append(sentence)
    return changes
