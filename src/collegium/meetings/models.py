"""Sittings of a body: convening, the roll of attendance, the agenda, reports and
counter-reports, lists of speakers and the minutes. Rows are changed only by
meetings.actions; the procedural rules they apply are in collegium.rules.procedure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collegium.bodies.models import Body, Seat, StandingOrders


class SittingStatus(models.TextChoices):
    CONVENED = "convened", _("convened")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class Sitting(models.Model):
    """One sitting of a body, numbered per body (the Congress's 1st, 2nd … sitting)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="sittings")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online = models.BooleanField(_("online"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=SittingStatus.choices, default=SittingStatus.CONVENED
    )
    # Why it was postponed or cancelled, in the secretariat's words.
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The orders in force when the sitting opened govern it to the end, even if a new
    # version takes effect meanwhile (bodies/orders.py).
    orders = models.ForeignKey(
        StandingOrders, null=True, blank=True, on_delete=models.PROTECT, related_name="sittings"
    )
    agenda_adopted = models.BooleanField(_("agenda adopted"), default=False)
    current_item = models.ForeignKey(
        "AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Counts changes to the sitting's convening details; a form made from an older
    # revision is refused (meetings.stale-form).
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        ordering = ["body", "starts_at", "number"]
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="sitting_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.body})"

    @property
    def is_running(self) -> bool:
        return self.status == SittingStatus.OPEN


class Presence(models.Model):
    """A seat holder present from `arrived_at` until `left_at` (None: still present).
    Checking out ends the row; checking in again starts a new one, so the roll says who
    was present when."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="presences")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="presences")
    arrived_at = models.DateTimeField(_("arrived at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta:
        ordering = ["sitting", "arrived_at", "pk"]
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "seat"],
                condition=Q(left_at__isnull=True),
                name="one_open_presence_per_seat",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seat_id} at {self.sitting_id} from {self.arrived_at}"


class StandingIn(models.Model):
    """An alternate voting for an absent full member at this sitting only
    (rules.procedure.attendance.seat_votes decides who and when)."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="stand_ins")
    full_seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")
    alternate_seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField(_("since"))
    until = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["sitting", "since", "pk"]
        verbose_name = _("alternate stepping in")
        verbose_name_plural = _("alternates stepping in")
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "full_seat"],
                condition=Q(until__isnull=True),
                name="one_stand_in_per_full_seat",
            ),
            models.UniqueConstraint(
                fields=["sitting", "alternate_seat"],
                condition=Q(until__isnull=True),
                name="one_full_seat_per_stand_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alternate_seat_id} for {self.full_seat_id} at {self.sitting_id}"


class ItemKind(models.TextChoices):
    REPORT = "report", _("report")
    MOTION = "motion", _("motion")
    ELECTION = "election", _("election")
    PROCEDURAL = "procedural", _("procedural")
    OTHER = "other", _("other")


class ItemState(models.TextChoices):
    PENDING = "pending", _("pending")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class AgendaItem(models.Model):
    """An item of a sitting's agenda; items nest one level or more under `parent`.
    `position` orders the siblings; `number` ("2", "2.1") is derived from both."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveIntegerField(_("position"))
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=ItemState.choices, default=ItemState.PENDING
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Closed by a decision of the meeting: then only points of order may be raised.
    list_closed = models.BooleanField(_("list of speakers closed"), default=False)

    class Meta:
        ordering = ["sitting", "number", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["sitting", "number"], name="item_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ReportManager(models.Manager["Report"]):
    """Reports without their document's bytes (up to 10 MB each), which are read only
    when the document itself is asked for."""

    def get_queryset(self) -> models.QuerySet[Report]:
        return super().get_queryset().defer("document")


class Report(models.Model):
    """The report on an item, or a counter-report (`counter`): a minority's report on the
    same item, admitted only as the orders allow and signed by the full members who
    back it (Signature)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="reports")
    counter = models.BooleanField(_("counter-report"), default=False)
    rapporteur = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="reports")
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    # A document given with the report (a PDF), kept in the database with it: committed,
    # backed up and restored together; its digest is journaled.
    document = models.BinaryField(_("document"), null=True, blank=True, editable=False)
    document_name = models.CharField(_("document's file name"), max_length=200, blank=True)
    document_sha256 = models.CharField(_("document's SHA-256"), max_length=64, blank=True)
    registered_at = models.DateTimeField(_("registered at"))

    objects = ReportManager()

    class Meta:
        ordering = ["item", "counter", "registered_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(counter=False), name="one_report_per_item"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Signature(models.Model):
    """A full member backing a counter-report."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="signatures")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["report", "seat"], name="one_signature_per_seat")
        ]

    def __str__(self) -> str:
        return f"{self.seat_id} signs {self.report_id}"


class FloorKind(models.TextChoices):
    """The values of rules.procedure.speakers.RequestKind, with their names."""

    CONTRIBUTION = "contribution", _("contribution")
    POINT_OF_ORDER = "point-of-order", _("point of order")
    QUESTION = "question", _("interposed question")
    REPLY = "reply", _("reply")


class FloorStance(models.TextChoices):
    """The values of rules.procedure.speakers.Stance, with their names."""

    FOR = "for", _("for")
    AGAINST = "against", _("against")
    NEUTRAL = "neutral", _("neutral")


class RequestState(models.TextChoices):
    WAITING = "waiting", _("waiting")
    SPEAKING = "speaking", _("speaking")
    DONE = "done", _("spoken")
    WITHDRAWN = "withdrawn", _("withdrawn")


class FloorRequest(models.Model):
    """A request for the floor on an item: a contribution, a point of order, an
    interposed question or a reply (rules.procedure.speakers.RequestKind), marked for,
    against or neutral. Once called it becomes the speech: the clock is kept here."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="requests")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="floor_requests")
    kind = models.CharField(_("kind"), max_length=16, choices=FloorKind.choices)
    stance = models.CharField(
        _("stance"), max_length=8, choices=FloorStance.choices, default=FloorStance.NEUTRAL
    )
    asked_at = models.DateTimeField(_("asked at"))
    state = models.CharField(
        _("state"), max_length=16, choices=RequestState.choices, default=RequestState.WAITING
    )
    # A guest speaks only when the chair gives the floor: the chair lists them.
    given_by_chair = models.BooleanField(_("given by the chair"), default=False)
    # The speech: seconds allowed when called (None: no limit), seconds spoken before the
    # last pause, and since when the clock runs (None: stopped or paused).
    allowed_seconds = models.PositiveIntegerField(_("seconds allowed"), null=True, blank=True)
    spoken_seconds = models.PositiveIntegerField(_("seconds spoken"), default=0)
    clock_since = models.DateTimeField(_("clock running since"), null=True, blank=True)
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # The delegation, unit or faction the speaker spoke for (seat origin), kept as it was.
    group = models.CharField(_("group"), max_length=300, blank=True)

    class Meta:
        ordering = ["item", "asked_at", "pk"]
        verbose_name = _("request for the floor")
        verbose_name_plural = _("requests for the floor")
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(state="speaking"), name="one_speaker_at_a_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} by seat {self.seat_id} on item {self.item_id}"


class Decision(models.Model):
    """A procedural decision of the sitting taken by a counted show of hands (adopting
    the agenda, closing a list of speakers), decided under the orders by collegium.rules:
    the tally, the outcome and the sentence that explains it."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    subject = models.CharField(_("subject"), max_length=300)
    yes = models.PositiveIntegerField(_("yes"))
    no = models.PositiveIntegerField(_("no"))
    abstain = models.PositiveIntegerField(_("abstain"))
    present = models.PositiveIntegerField(_("present"))
    adopted = models.BooleanField(_("adopted"))
    rule = models.CharField(_("rule"), max_length=200)
    explanation = models.TextField(_("explanation"))
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["sitting", "decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.subject


class Minutes(models.Model):
    """The signed minutes of a sitting: generated from the record, then fixed. The HTML
    and PDF stored here are what was signed; their SHA-256 digests are in the journal."""

    sitting = models.OneToOneField(Sitting, on_delete=models.PROTECT, related_name="minutes")
    html = models.TextField(_("minutes (HTML)"))
    pdf = models.BinaryField(_("minutes (PDF)"))
    html_sha256 = models.CharField(_("SHA-256 of the HTML"), max_length=64)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_by_name = models.CharField(_("signed by"), max_length=150)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"minutes of {self.sitting_id}"
