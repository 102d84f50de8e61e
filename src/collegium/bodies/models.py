"""Bodies (congress, committee, executive, commission, assembly), their seats and offices,
and the versioned standing orders each body works under."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collegium.registry.models import Member, Organization


class BodyKind(models.TextChoices):
    CONGRESS = "congress", _("congress")
    COMMITTEE = "committee", _("committee")
    EXECUTIVE = "executive", _("executive")
    COMMISSION = "commission", _("commission")
    ASSEMBLY = "assembly", _("assembly")


class Body(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="bodies")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=BodyKind.choices)
    # The Congress elects the Central Committee, which elects the Praesidium.
    elected_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elects",
        verbose_name=_("elected by"),
    )
    full_seats = models.PositiveIntegerField(_("full seats"))
    alternate_seats = models.PositiveIntegerField(_("alternate seats"), default=0)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Whether this body gives guest seats at all; its standing orders may further limit
    # them to some kinds of body (rules/procedure/seating.py).
    takes_guests = models.BooleanField(_("takes guests"), default=True)
    # Set when the body is dissolved (bodies.actions.dissolve_body): its seats and offices
    # were ended that day; it keeps its history and accepts no new seats, offices or orders.
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    # Counts the changes to the body and its seats; a seat or body form carries the
    # revision it was made from and is refused when it has moved on
    # (bodies.actions.seat_member, update_body).
    revision = models.PositiveIntegerField(_("revision"), default=0)
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="bodies_as_secretary",
        verbose_name=_("secretaries"),
    )

    class Meta:
        ordering = ["organization", "pk"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="body_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class SeatRole(models.TextChoices):
    FULL = "full", _("full member")
    ALTERNATE = "alternate", _("alternate member")
    CONSULTATIVE = "consultative", _("consultative delegate")
    GUEST = "guest", _("guest")


class SeatOrigin(models.TextChoices):
    ELECTED = "elected", _("elected")
    DELEGATED = "delegated", _("delegated")
    APPOINTED = "appointed", _("appointed")
    # Guests only (a foreign party's delegation): a guest is never elected to a body.
    INVITED = "invited", _("invited")


class Seat(models.Model):
    """A member's place in a body. A seat is never deleted: it is vacated, with a reason,
    so the body's composition at any past date can be told."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="seats")
    # Guests (e.g. a foreign party's delegation) are not in the register: they have a
    # guest_name instead of a member.
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    guest_name = models.CharField(_("guest"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=SeatRole.choices)
    # Alternates step up in this order (1 first); empty for other roles.
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=16, choices=SeatOrigin.choices)
    # "decision 1956/12", "Moscow delegation", ... in the secretariat's words.
    origin_detail = models.CharField(_("origin detail"), max_length=300, blank=True)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    vacated_on = models.DateField(_("vacated on"), null=True, blank=True)
    vacated_reason = models.CharField(_("reason vacated"), max_length=300, blank=True)
    # The alternate seat this seat came from when an alternate stepped up.
    # What the seat's vote counts for where a majority rule measures weight (":weight"):
    # a delegate of a larger unit may carry more. 1 for every seat unless set.
    weight = models.DecimalField(
        _("vote weight"), max_digits=12, decimal_places=3, default=Decimal(1)
    )
    stepped_up_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="stepped_up_to"
    )

    class Meta:
        ordering = ["body", "role", "rank", "pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            # One current seat per member per body.
            models.UniqueConstraint(
                fields=["body", "member"],
                condition=Q(vacated_on__isnull=True),
                name="one_current_seat_per_member_per_body",
            ),
            models.UniqueConstraint(
                fields=["body", "rank"],
                condition=Q(vacated_on__isnull=True, role="alternate"),
                name="alternate_rank_unique_in_body",
            ),
            models.CheckConstraint(
                condition=Q(role="alternate", rank__isnull=False)
                | (~Q(role="alternate") & Q(rank__isnull=True)),
                name="only_alternates_have_rank",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | (Q(role="guest") & ~Q(guest_name="")),
                name="only_guests_sit_without_member",
            ),
        ]
        indexes = [models.Index(fields=["body", "role", "vacated_on"])]

    def __str__(self) -> str:
        return f"{self.holder_name} — {self.get_role_display()}, {self.body}"

    @property
    def holder_name(self) -> str:
        return self.member.name if self.member is not None else self.guest_name

    @property
    def is_current(self) -> bool:
        return self.vacated_on is None

    @property
    def can_vote(self) -> bool:
        """Only a current full seat ever votes."""
        return self.is_current and self.role == SeatRole.FULL


class Office(models.Model):
    """A post in a body: chair, secretary, first secretary … Held at the body's pleasure."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="offices")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60)
    # Counts appointments and ended terms; an office form carries the revision it was made
    # from and is refused when it has moved on.
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        ordering = ["body", "pk"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.UniqueConstraint(fields=["body", "slug"], name="office_slug_unique_in_body")
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.body}"


class OfficeTerm(models.Model):
    """Someone holding an office from a date until a date; how it ended (recalled,
    resigned, term ended) is kept, so recall by vote can end a term without erasing it."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="terms")
    holder = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="office_terms")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    ended_because = models.CharField(_("ended because"), max_length=300, blank=True)

    class Meta:
        ordering = ["office", "-start"]
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        constraints = [
            models.UniqueConstraint(
                fields=["office"], condition=Q(end__isnull=True), name="one_holder_per_office"
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder.name}, {self.office.title}"


class StandingOrders(models.Model):
    """One version of a body's standing orders. Versions are never changed, only added."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="standing_orders")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    # Validated by collegium.rules.standing_orders before it is stored.
    document = models.JSONField(_("document"))
    adopted_at = models.DateTimeField(_("adopted at"), auto_now_add=True)
    # In force from this moment until the next version takes effect (bodies/orders.py).
    # Later, the decision that adopted a version will be linked here too.
    effective_from = models.DateTimeField(_("in force from"))
    adopted_by = models.CharField(_("adopted by"), max_length=150)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["body", "-version"]
        verbose_name = _("standing orders")
        verbose_name_plural = _("standing orders")
        constraints = [
            models.UniqueConstraint(fields=["body", "version"], name="orders_version_unique")
        ]
        indexes = [models.Index(fields=["body", "effective_from"], name="orders_in_force")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.body})"
