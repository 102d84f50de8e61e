"""Reports and counter-reports on an agenda item. A counter-report is a minority's
report on the same item; the orders say whether one may be given and by how many full
members' signatures (rules.standing_orders.settings.CounterReport)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collegium.bodies.models import Seat, SeatRole
from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.journal.codes import Audience
from collegium.meetings.actions.common import (
    check_status,
    fresh_item,
    of_sitting,
    require_chair,
    seat_of_body,
)
from collegium.meetings.actions.roll import seats_by_numbers
from collegium.meetings.actions.sittings import TO_COME
from collegium.meetings.models import AgendaItem, ItemKind, Report, Signature, SittingStatus
from collegium.meetings.queries import current_seats, published_to, rules_of
from collegium.rules.errors import RuleError
from collegium.rules.procedure import texts
from collegium.rules.standing_orders.settings import CounterReportRight
from collegium.rules.text import figure

# A report's document: a PDF of at most this many bytes.
DOCUMENT_BYTES = 10 * 1024 * 1024
_UNSAFE_IN_NAMES = re.compile(r"[\x00-\x1f\x7f/\\\"]+")


@dataclass(frozen=True)
class Document:
    """A file given with a report, as uploaded."""

    name: str
    content: bytes

    @property
    def given_name(self) -> str:
        """The file name as given, without a path or control characters."""
        name = _UNSAFE_IN_NAMES.sub("_", self.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
        return name.strip(" ._")[:150] or "report"

    @property
    def safe_name(self) -> str:
        """The file name as kept and offered for download: the given one, ending in .pdf."""
        name = self.given_name
        return name if name.lower().endswith(".pdf") else f"{name}.pdf"


def _check_document(document: Document) -> None:
    if len(document.content) > DOCUMENT_BYTES:
        raise RuleError(
            _("A report's document is at most %(limit)s MB; %(name)s is larger.")
            % {"limit": DOCUMENT_BYTES // (1024 * 1024), "name": document.given_name},
            rule="report.document",
        )
    if not document.content.startswith(b"%PDF-"):
        raise RuleError(
            _("A report's document is a PDF file; %(name)s is not one.")
            % {"name": document.given_name},
            rule="report.document",
        )


def _document_fields(document: Document | None) -> dict[str, object]:
    if document is None:
        return {}
    return {
        "document": document.content,
        "document_name": document.safe_name,
        "document_sha256": hashlib.sha256(document.content).hexdigest(),
    }


def _check(item: AgendaItem, rapporteur: Seat, title: str, text: str) -> None:
    if item.kind != ItemKind.REPORT:
        raise RuleError(
            _("Item %(number)s is not a report item.") % {"number": item.number},
            rule="report.item-kind",
        )
    if rapporteur.role == SeatRole.GUEST:
        raise RuleError(
            _("A rapporteur holds a member's seat in the body; %(name)s is a guest.")
            % {"name": rapporteur.holder_name},
            rule="report.rapporteur",
        )
    if not title.strip():
        raise RuleError(_("A report needs a title."), rule="report.title")
    texts.check_length(title, texts.DETAIL, _("The report's title"), "report.text-length")
    texts.check_length(text, 200_000, _("The report's text"), "report.text-length")


@action(chain=of_sitting("item"))
def register_report(
    *,
    actor: Actor,
    item: AgendaItem,
    rapporteur: int,
    title: str,
    text: str = "",
    document: Document | None = None,
) -> Report:
    """Register the report on a report item, with its rapporteur (a seat holder), its text
    and, or, a document (a PDF)."""
    item = fresh_item(item)
    require_chair(actor, item.sitting)
    check_status(item.sitting, *TO_COME, SittingStatus.OPEN)
    seat = seat_of_body(item.sitting, rapporteur)
    _check(item, seat, title, text)
    if document is not None:
        _check_document(document)
    if Report.objects.filter(item=item, counter=False).exists():
        raise RuleError(
            _("Item %(number)s has its report already.") % {"number": item.number},
            rule="report.one-per-item",
        )
    report = Report.objects.create(
        item=item,
        rapporteur=seat,
        title=title,
        text=text,
        registered_at=timezone.now(),
        **_document_fields(document),
    )
    _journal(actor, report, 0, 0)
    return report


@action(chain=of_sitting("item"))
def register_counter_report(
    *,
    actor: Actor,
    item: AgendaItem,
    rapporteur: int,
    title: str,
    text: str = "",
    signatures: Iterable[int] = (),
    numbers: Sequence[str] = (),
    document: Document | None = None,
) -> Report:
    """Register a minority's counter-report with the full members who sign it (by seat
    or member number). Refused with the rule named when the orders forbid counter-reports
    (`counter-report.forbidden`) or the signatures fall short (`counter-report.signatures`)."""
    item = fresh_item(item)
    sitting = item.sitting
    require_chair(actor, sitting)
    check_status(sitting, *TO_COME, SittingStatus.OPEN)
    seat = seat_of_body(sitting, rapporteur)
    _check(item, seat, title, text)
    if document is not None:
        _check_document(document)
    rules = rules_of(sitting)
    right = rules.counter_report
    if right.who is CounterReportRight.NOBODY:
        raise RuleError(
            _("The standing orders in force (%(title)s) allow no counter-report: %(rule)s")
            % {"title": rules.title or _("untitled"), "rule": right.describe()},
            rule="counter-report.forbidden",
        )
    if not Report.objects.filter(item=item, counter=False).exists():
        raise RuleError(
            _("Item %(number)s has no report yet to answer.") % {"number": item.number},
            rule="counter-report.no-report",
        )
    signers = {s.pk: s for s in seats_by_numbers(sitting, numbers)}
    wanted = set(signatures) - set(signers)
    if wanted:
        signers.update({s.pk: s for s in current_seats(sitting.body).filter(pk__in=wanted)})
        missing = wanted - set(signers)
        if missing:
            raise RuleError(
                _("Seat %(seat)s is not a current seat of %(body)s.")
                % {"seat": min(missing), "body": sitting.body.name},
                rule="sitting.unknown-seat",
            )
    not_full = [s for s in signers.values() if s.role != SeatRole.FULL]
    if not_full:
        raise RuleError(
            _("Only full members sign a counter-report; %(name)s is not one.")
            % {"name": not_full[0].holder_name},
            rule="counter-report.signer",
        )
    full_seats = sitting.body.full_seats
    supporters = len(signers)
    if not right.allowed(supporters=supporters, full_seats=full_seats):
        needed = 1 if right.minority is None else right.minority.needed(full_seats)
        raise RuleError(
            ngettext(
                "%(rule)s This one has %(count)s signature; %(needed)s are needed.",
                "%(rule)s This one has %(count)s signatures; %(needed)s are needed.",
                supporters,
            )
            % {"rule": right.describe(), "count": figure(supporters), "needed": figure(needed)},
            rule="counter-report.signatures",
        )
    report = Report.objects.create(
        item=item,
        counter=True,
        rapporteur=seat,
        title=title,
        text=text,
        registered_at=timezone.now(),
        **_document_fields(document),
    )
    Signature.objects.bulk_create([Signature(report=report, seat=s) for s in signers.values()])
    needed = 1 if right.minority is None else right.minority.needed(full_seats)
    _journal(actor, report, supporters, needed, published_to(rules, "counter_reports"))
    return report


def _journal(
    actor: Actor, report: Report, signatures: int, needed: int, audience: Audience | None = None
) -> None:
    sitting = report.item.sitting
    record(
        "sitting.report.registered",
        actor=actor,
        organization=sitting.body.organization,
        obj=report,
        body_id=sitting.body_id,
        payload={
            "sitting": sitting.number,
            "item": report.item.number,
            "title": report.title,
            "rapporteur": report.rapporteur.holder_name,
            "counter": report.counter,
            "signatures": signatures,
            "needed": needed,
            "document": report.document_name,
            "document_sha256": report.document_sha256,
        },
        audience=audience,
    )
