"""The organization and its membership register."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    # The languages its pages and documents are kept in, the default first; codes of
    # settings.LANGUAGES. Empty (organizations made before languages were asked for):
    # the site's default language.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # An IANA time zone name (zoneinfo): the day a date means at its seat.
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # Whether active members may open every member's page; closed, each sees only their own
    # entry (the staff see all). docs/permissions.md.
    register_open_to_members = models.BooleanField(_("register open to members"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="administered_organizations",
        verbose_name=_("administrators"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    LEFT = "left", _("left")


class Member(models.Model):
    """An entry in the membership register, identified by its member number."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="members")
    number = models.CharField(_("member number"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    # The login of the person, when they have one; a register entry needs none. One login
    # may be a member of several organizations, once in each.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    # Derived, kept by every action and the import (registry/numbers.py): the number's
    # skeleton, which look-alike numbers share, and the folded text a search matches in.
    number_key = models.CharField(max_length=128, editable=False, default="")
    search_key = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["name", "number"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="member_number_unique_in_organization"
            ),
            models.UniqueConstraint(
                fields=["organization", "user"], name="one_membership_per_login"
            ),
        ]
        # Searching and paging the register at 100,000 members.
        indexes = [
            models.Index(fields=["organization", "name", "number"]),
            models.Index(fields=["organization", "unit"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "number_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class MemberStatusChange(models.Model):
    """Every change of a member's status, with its reason and date: the register's history."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    previous_status = models.CharField(
        _("previous status"), max_length=16, choices=MemberStatus.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices)
    reason = models.CharField(_("reason"), max_length=500)
    effective_on = models.DateField(_("effective on"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "recorded_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.member}: {self.previous_status or '—'} → {self.status}"
