"""What a body publishes, as one reader may read it: its decisions, dissenting opinions,
reports and counter-reports, and signed minutes, newest first. Whether the public or the
members read each was fixed when it was recorded, from the orders' transparency settings
(the journal entry's audience, the decision's audiences), so this only filters by them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from collegium.access.visibility import ReaderScope
from collegium.bodies.models import Body
from collegium.journal.models import JournalEntry
from collegium.meetings.models import Minutes, Report
from collegium.register.models import Decision, Dissent
from collegium.register.queries import readable, shown

LIMIT = 50


@dataclass(frozen=True)
class Publication:
    kind: str  # decision, dissent, report, counter-report, minutes
    kind_label: str
    title: str
    text: str
    when: datetime.datetime
    path: str  # where to read it in full
    uid: str  # stable across versions of the page, for the feed


def _decision_path(body: Body, year: int, number: int) -> str:
    return reverse("register-decision", args=(body.organization.slug, body.slug, year, number))


def _entries(body: Body, scope: ReaderScope, code: str) -> dict[int, JournalEntry]:
    """The body's entries of `code` the reader may read, by the id of what they record."""
    rows = JournalEntry.objects.filter(
        chain__organization_id=body.organization_id, code=code, body_id=body.pk
    ).filter(scope.entry_filter())
    return {int(e.object_id): e for e in rows if e.object_id.isdigit()}


def reports_on(decision: Decision, scope: ReaderScope) -> list[Report]:
    """The reports and counter-reports on the item the decision was taken under, those
    the reader may read (as their registration's entry was published)."""
    if decision.item_id is None:
        return []
    readable_ids = _entries(decision.body, scope, "sitting.report.registered")
    return list(
        Report.objects.filter(item_id=decision.item_id, pk__in=readable_ids).select_related(
            "rapporteur"
        )
    )


def published(body: Body, scope: ReaderScope, limit: int = LIMIT) -> list[Publication]:
    found: list[Publication] = []
    newest = readable(body, scope).order_by("-year", "-number").values_list("pk", flat=True)
    for one in shown(Decision.objects.filter(pk__in=list(newest[:limit])), scope):
        d = one.decision
        found.append(
            Publication(
                "decision",
                _("Decision"),
                f"{d.reference} · {d.title}",
                one.current.text,
                one.current.made_at,
                _decision_path(body, d.year, d.number),
                f"decision-{d.pk}-{one.current.number}",
            )
        )
        for dissent in one.dissents or []:
            found.append(_dissent(body, dissent))
    reports = _entries(body, scope, "sitting.report.registered")
    for report in Report.objects.filter(pk__in=reports).select_related(
        "item__sitting", "rapporteur"
    ):
        kind = "counter-report" if report.counter else "report"
        found.append(
            Publication(
                kind,
                _("Counter-report") if report.counter else _("Report"),
                f"{report.title} ({report.rapporteur.holder_name})",
                report.text,
                report.registered_at,
                reverse("body-publications", args=(body.organization.slug, body.slug))
                + f"#report-{report.pk}",
                f"report-{report.pk}",
            )
        )
    signed = _entries(body, scope, "sitting.minutes.signed")
    for minutes in Minutes.objects.filter(pk__in=signed).select_related("sitting"):
        found.append(
            Publication(
                "minutes",
                _("Minutes"),
                _("Minutes of %(sitting)s") % {"sitting": minutes.sitting.title},
                _("Signed by %(name)s; SHA-256 of the PDF %(digest)s.")
                % {"name": minutes.signed_by_name, "digest": minutes.pdf_sha256},
                minutes.signed_at,
                reverse(
                    "sitting-minutes",
                    args=(body.organization.slug, body.slug, minutes.sitting.number),
                ),
                f"minutes-{minutes.pk}",
            )
        )
    found.sort(key=lambda p: p.when, reverse=True)
    return found[:limit]


def _dissent(body: Body, dissent: Dissent) -> Publication:
    d = dissent.decision
    return Publication(
        "dissent",
        _("Dissenting opinion"),
        _("%(name)s on %(decision)s")
        % {"name": dissent.member.name, "decision": f"{d.reference} · {d.title}"},
        dissent.text,
        dissent.given_at,
        _decision_path(body, d.year, d.number) + f"#dissent-{dissent.pk}",
        f"dissent-{dissent.pk}",
    )
