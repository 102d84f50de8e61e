"""Roles are held through the register and the bodies (Organization.admins,
Body.secretaries, Member.user); the only table here is the API tokens scripts sign in with."""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_digest(secret: str) -> str:
    """Tokens are long random strings, so a plain SHA-256 is enough to make a stolen
    table useless; a slow password hash would only slow every API request down."""
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("read and write")


class ApiToken(models.Model):
    """A token a script sends as `Authorization: Bearer <token>`; it acts as its user.
    Only the digest is stored: the token itself is shown once, when issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token, so that a person can tell their tokens apart.
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Null only for tokens issued before tokens expired; those never expire.
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    # Updated at most once a minute (collegium/http/api_auth.py), not on every request.
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    scope = models.CharField(
        _("scope"), max_length=5, choices=TokenScope.choices, default=TokenScope.WRITE
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class SingleSignOnIdentity(models.Model):
    """A login's identity at the OpenID Connect provider (settings COLLEGIUM_OIDC_*): the
    provider's stable subject, not the email, which can change there. Made on the first
    single sign-on, when the provider's verified email matched a member of the register
    (web/sso.py); later sign-ins find the login by it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField(_("issuer"), max_length=500)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


def write_token_users(digests: Collection[str]) -> dict[str, int]:
    """The logins of the usable write tokens among these digests, in one query: not
    revoked, not expired, of an active account (the API's own checks, http/api_auth.py).
    A batch of ballots sent with tokens finds its casters this way."""
    now = timezone.now()
    return {
        digest: int(user)
        for digest, user in ApiToken.objects.filter(
            digest__in=digests,
            revoked_at__isnull=True,
            user__is_active=True,
            scope=TokenScope.WRITE,
        )
        .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))
        .values_list("digest", "user_id")
    }
