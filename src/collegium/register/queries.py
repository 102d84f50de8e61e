"""Reading the register as one reader may: the decisions whose audience they read, each
with its versions, and its tally, sentence and dissenting opinions where the orders in
force at the decision published them to that reader."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from collegium.access.visibility import ReaderScope
from collegium.bodies.models import Body
from collegium.register.models import Decision, Dissent, Version

STATUSES = {
    "in-force": _("in force"),
    "amended": _("in force as amended"),
    "rescinded": _("rescinded"),
}


def readable(body: Body, scope: ReaderScope) -> QuerySet[Decision]:
    """The body's decisions this reader may read (the same test as the journal's)."""
    return Decision.objects.filter(body=body).filter(scope.entry_filter())


@dataclass(frozen=True)
class Shown:
    """A decision as one reader sees it."""

    decision: Decision
    versions: list[Version]  # oldest first; the last is what it says now
    revised: list[Version]  # the versions of other decisions this one made
    tally_shown: bool
    dissents: list[Dissent] | None  # None: the orders do not publish them to this reader

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def status(self) -> str:
        if self.current.rescinded:
            return "rescinded"
        return "amended" if self.current.number > 1 else "in-force"

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status])


def search(
    decisions: QuerySet[Decision], *, text: str = "", kind: str = "", year: int | None = None
) -> QuerySet[Decision]:
    """Filter by words in the title or any version's text, by kind and by year."""
    if text:
        found = Version.objects.filter(text__icontains=text).values("decision_id")
        decisions = decisions.filter(Q(title__icontains=text) | Q(pk__in=found))
    if kind:
        decisions = decisions.filter(kind=kind)
    if year is not None:
        decisions = decisions.filter(year=year)
    return decisions


def shown(decisions: QuerySet[Decision], scope: ReaderScope, status: str = "") -> list[Shown]:
    """Each decision with what this reader reads of it, newest first; `status` keeps only
    those in force, amended or rescinded."""
    rows = (
        decisions.select_related("sitting", "commission", "body")
        .prefetch_related("versions__made_by", "dissents__member", "revisions__decision")
        .order_by("-year", "-number")
    )
    result = []
    for decision in rows:
        dissents = None
        if scope.may_see(decision.dissent_audience, decision.body_id):
            dissents = list(decision.dissents.all())
        one = Shown(
            decision=decision,
            versions=sorted(decision.versions.all(), key=lambda v: v.number),
            revised=[
                v
                for v in decision.revisions.all()
                if scope.may_see(v.decision.audience, v.decision.body_id)
            ],
            tally_shown=scope.may_see(decision.tally_audience, decision.body_id),
            dissents=dissents,
        )
        if not status or one.status == status:
            result.append(one)
    return result


def years(body: Body, scope: ReaderScope) -> list[int]:
    return sorted(set(readable(body, scope).values_list("year", flat=True)), reverse=True)
