"""Pages for members' logins: an administrator invites members to sign in (one, a list
of numbers, or every active member with an email and no login yet); the invited person
follows the emailed one-time link and chooses a password; anyone with an email on their
login can have a password reset link sent (Django's own views, in urls)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from django.views.decorators.http import require_http_methods

from collegium.access.permissions import Context, Permission, require
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.registry.invitations import MAX_INVITATIONS, Invitations, invite_members
from collegium.registry.logins import choose_password, password_link_token, user_for_token
from collegium.registry.numbers import normalize_number
from collegium.registry.queries import organization_or_404
from collegium.web.invitation_mail import send_invitations

# The logins and the journal entries are committed; only the emails are missing.
MAIL_FAILED = gettext_noop(
    "The invitations are recorded, but the email could not be sent: the mail server "
    "did not answer. Invite the same members again by number once it does."
)


class InvitationForm(forms.Form):
    numbers = forms.CharField(
        label=gettext_lazy("Member numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=gettext_lazy("One per line, or separated by commas or spaces."),
    )
    everyone = forms.BooleanField(
        label=gettext_lazy("Every active member with an email address and no login yet"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        numbers = [n for n in data.get("numbers", "").replace(",", " ").split() if n]
        if not numbers and not data.get("everyone"):
            raise forms.ValidationError(
                _("Give member numbers, or choose every member with an email address.")
            )
        if len(numbers) > MAX_INVITATIONS:
            raise forms.ValidationError(
                _("At most %(limit)d members can be invited at a time.")
                % {"limit": MAX_INVITATIONS}
            )
        data["number_list"] = (
            None if data.get("everyone") else [normalize_number(n) for n in numbers]
        )
        return data


@require_http_methods(["GET", "POST"])
def invite_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = organization_or_404(org_slug)
    require(request.user, Permission.MANAGE_ACCOUNTS, Context(organization))
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            lambda: invite_members(
                actor=page_actor(request),
                organization=organization,
                numbers=form.cleaned_data["number_list"],
            ),
            form,
        )
        if done.result is not None:
            # The links are absolute, made from the address the administrator used
            # (behind a proxy, pass the Host header on).
            try:
                send_invitations(
                    done.result,
                    lambda token: request.build_absolute_uri(reverse("welcome", args=[token])),
                )
            except OSError:  # the mail server refused or cannot be reached (smtplib's too)
                messages.error(request, _(MAIL_FAILED))
            else:
                _report(request, done.result)
            # After a POST, always a redirect: reloading the page sends nothing again.
            return HttpResponseRedirect(reverse("member-invite", args=[organization.slug]))
    return render(
        request,
        "web/invite.html",
        {
            "organization": organization,
            "form": form,
            "mail_to_files": settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"),
            "mail_dir": getattr(settings, "EMAIL_FILE_PATH", ""),
        },
        status=400 if form.errors else 200,
    )


def _report(request: HttpRequest, invitations: Invitations) -> None:
    count = len(invitations.sent)
    messages.success(
        request,
        ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", count)
        % {"count": count},
    )
    for member, reason in invitations.skipped[:50]:
        messages.warning(
            request,
            _("Not invited: %(name)s (%(number)s), %(reason)s.")
            % {"name": member.name, "number": member.number, "reason": reason},
        )
    if len(invitations.skipped) > 50:
        messages.warning(
            request,
            _("… and %(count)d more not invited.") % {"count": len(invitations.skipped) - 50},
        )


@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link: choose a password, and be signed in. The link works once
    and for COLLEGIUM_INVITATION_DAYS days (registry/logins.py)."""
    user = user_for_token(token)
    if user is None:
        return render(request, "web/welcome_invalid.html", status=404)
    # The form checks the two entries and the password validators beside the fields;
    # the action sets the password, once (a second submission finds the link used).
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            lambda: choose_password(token=token, password=form.cleaned_data["new_password1"]),
            form,
        )
        if done.result is not None:
            login(request, done.result, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your password is set; you are signed in."))
            return HttpResponseRedirect(reverse("home"))
    return render(
        request,
        "web/welcome.html",
        {"form": form, "username": user.get_username()},
        status=400 if form.errors else 200,
    )


class LinkTokens:
    """Password reset links are the invitation's one-time links (registry/logins.py), so
    both lead to the same page and the same journaled action."""

    def make_token(self, user: User) -> str:
        return password_link_token(user)

    def check_token(self, user: User | None, token: str | None) -> bool:
        return user is not None and token is not None and user_for_token(token) == user


class PasswordResetRequestForm(PasswordResetForm):
    """Django's form, but a login without a password yet (invited, or made by single
    sign-on) may ask too, and one address gets at most RESETS_PER_HOUR emails."""

    def get_users(self, email: str) -> Iterator[User]:
        key = f"collegium:password-reset:{hashlib.sha256(email.casefold().encode()).hexdigest()}"
        cache.add(key, 0, 3600)
        if cache.incr(key) > RESETS_PER_HOUR:
            return iter(())
        return (
            user
            for user in User.objects.filter(email__iexact=email, is_active=True)
            if user.email.casefold() == email.casefold()
        )


RESETS_PER_HOUR = 3

password_reset = PasswordResetView.as_view(
    form_class=PasswordResetRequestForm,
    token_generator=LinkTokens(),
    template_name="registration/password_reset_form.html",
    email_template_name="web/email/password_reset.txt",
    subject_template_name="web/email/password_reset_subject.txt",
    success_url=reverse_lazy("password-reset-sent"),
)
