"""The invitation emails, for the page, the API and the command alike: one email per
invitation, over one connection, with the one-time link made by `link_for(token)`."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from collegium.registry.invitations import Invitations


def send_invitations(invitations: Invitations, link_for: Callable[[str], str]) -> None:
    if not invitations.sent:
        return
    messages_out = []
    for invitation in invitations.sent:
        context = {
            "member": invitation.member,
            "organization": invitation.member.organization,
            "username": invitation.user.username,
            "link": link_for(invitation.token),
            "days": settings.COLLEGIUM_INVITATION_DAYS,
        }
        subject = render_to_string("web/email/invitation_subject.txt", context).strip()
        body = render_to_string("web/email/invitation.txt", context)
        messages_out.append(EmailMessage(subject, body, to=[invitation.member.email]))
    with get_connection() as connection:
        connection.send_messages(messages_out)
