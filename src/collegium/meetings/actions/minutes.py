"""Signing the minutes of a closed sitting: they are rendered once, as HTML and PDF,
stored with their SHA-256 digests and fixed from then on; the journal keeps the digests,
published to whom the body's transparency settings open the minutes."""

from __future__ import annotations

import hashlib

from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.journal.actions import action, record
from collegium.journal.actors import Actor
from collegium.meetings.actions.common import fresh, of_sitting, require_chair
from collegium.meetings.minutes.document import Signing, minutes_html
from collegium.meetings.minutes.pdf import minutes_pdf
from collegium.meetings.minutes.record import Clock, gather
from collegium.meetings.models import Minutes, Sitting, SittingStatus
from collegium.meetings.queries import published_to, rules_of
from collegium.rules.errors import RuleError


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def signer_name(actor: Actor) -> str:
    user = actor.user
    if user is None:
        return actor.label
    return (user.get_full_name() or actor.label)[:150]


@action(chain=of_sitting("sitting"))
def sign_minutes(*, actor: Actor, sitting: Sitting) -> Minutes:
    """Sign the minutes of a closed sitting (`minutes.not-closed` otherwise), once
    (`minutes.signed`)."""
    sitting = fresh(sitting)
    require_chair(actor, sitting)
    if sitting.status != SittingStatus.CLOSED:
        raise RuleError(
            _("The sitting is %(status)s; only the minutes of a closed sitting are signed.")
            % {"status": sitting.get_status_display()},
            rule="minutes.not-closed",
        )
    signed = Minutes.objects.filter(sitting=sitting).first()
    if signed is not None:
        raise RuleError(
            _("The minutes of this sitting were signed by %(name)s already; they cannot change.")
            % {"name": signed.signed_by_name},
            rule="minutes.signed",
        )
    now = timezone.now()
    # The signing time, to the second, is all that is new: the PDF's creation date.
    now = now.replace(microsecond=0)
    name = signer_name(actor)
    written = Clock(sitting.body.organization.time_zone).moment(now)
    signing = Signing(by=name, at=written)
    facts = gather(sitting)
    html = minutes_html(facts, signing, written)
    pdf = minutes_pdf(facts, signing, written, now)
    html_sha256 = sha256(html.encode("utf-8"))
    pdf_sha256 = sha256(pdf)
    minutes = Minutes.objects.create(
        sitting=sitting,
        html=html,
        pdf=pdf,
        html_sha256=html_sha256,
        pdf_sha256=pdf_sha256,
        signed_at=now,
        signed_by=actor.user,
        signed_by_name=name,
    )
    record(
        "sitting.minutes.signed",
        actor=actor,
        organization=sitting.body.organization,
        obj=minutes,
        body_id=sitting.body_id,
        payload={
            "body": sitting.body.slug,
            "sitting": sitting.number,
            "html_sha256": html_sha256,
            "pdf_sha256": pdf_sha256,
        },
        audience=published_to(rules_of(sitting), "minutes"),
    )
    return minutes
