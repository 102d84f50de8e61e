"""What the journal page shows for a code, a payload field and an object type, in the
reader's language. The journal itself keeps the stable English identifiers (they are
hashed and read by `collegium verify`); only the page translates them. Every declared code
and field has a label here: tests/journal/test_labels.py fails when a feature declares one
without it, so no identifier reaches a German page untranslated."""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from collegium.bodies.models import BodyKind, SeatOrigin, SeatRole
from collegium.meetings.models import FloorKind, FloorStance, ItemKind
from collegium.motions.models import Revision
from collegium.register.models import DecisionKind
from collegium.registry.models import MemberStatus

CODE_TITLES: dict[str, Promise] = {
    "access.account.created": _("Login created"),
    "access.operator.created": _("Operator login created"),
    "access.token.issued": _("API token issued"),
    "access.token.revoked": _("API token revoked"),
    "access.account.password_chosen": _("Password chosen through a one-time link"),
    "access.sso.linked": _("Login tied to single sign-on"),
    "body.alternate.stepped_up": _("Alternate stepped up"),
    "body.changed": _("Body changed"),
    "body.created": _("Body set up"),
    "body.dissolved": _("Body dissolved"),
    "body.office.appointed": _("Office filled"),
    "body.office.created": _("Office set up"),
    "body.office.term_ended": _("Term of office ended"),
    "body.orders.adopted": _("Standing orders adopted"),
    "body.seat.assigned": _("Seat assigned"),
    "body.seat.vacated": _("Seat vacated"),
    "body.secretary.added": _("Secretary named"),
    "body.secretary.removed": _("Secretary removed"),
    "organization.admin.added": _("Administrator named"),
    "organization.admin.removed": _("Administrator removed"),
    "organization.created": _("Organization created"),
    "organization.register_access.changed": _("Register access for members changed"),
    "register.import": _("Register imported"),
    "register.member.added": _("Member entered"),
    "register.member.corrected": _("Member entry corrected"),
    "register.member.invited": _("Member invited to sign in"),
    "register.member.login_linked": _("Login linked to a member"),
    "register.member.status_changed": _("Member status changed"),
    "sitting.agenda.decided": _("Vote on the agenda"),
    "sitting.alternate.stepped_back": _("Alternate no longer standing in"),
    "sitting.alternate.stepped_in": _("Alternate standing in"),
    "sitting.cancelled": _("Sitting cancelled"),
    "sitting.checked_in": _("Checked in"),
    "sitting.checked_out": _("Checked out"),
    "sitting.clock.changed": _("Speaker's clock"),
    "sitting.closed": _("Sitting closed"),
    "sitting.convened": _("Sitting convened"),
    "sitting.floor.asked": _("Floor asked for"),
    "sitting.floor.withdrawn": _("Request for the floor withdrawn"),
    "sitting.item.added": _("Agenda item added"),
    "sitting.item.closed": _("Agenda item closed"),
    "sitting.item.opened": _("Agenda item opened"),
    "sitting.list.decided": _("Vote on closing the list of speakers"),
    "sitting.minutes.signed": _("Minutes signed"),
    "sitting.opened": _("Sitting opened"),
    "sitting.postponed": _("Sitting postponed"),
    "sitting.report.registered": _("Report registered"),
    "sitting.speaker.called": _("Speaker called"),
    "vote.opened": _("Vote opened"),
    "vote.participated": _("Members voted"),
    "vote.ballot_changed": _("Members changed their ballots"),
    "vote.closed": _("Vote closed"),
    "vote.tally": _("Tally of a vote"),
    "vote.roll_call": _("Roll call of a vote"),
    "election.called": _("Election called"),
    "election.nominated": _("Candidate nominated"),
    "election.consent": _("Nominee's answer"),
    "election.ballot_opened": _("Election ballot opened"),
    "election.counted": _("Election counted"),
    "election.count": _("Count of an election, round by round"),
    "election.roll_call": _("Ballots of a named election"),
    "election.declared": _("Election result declared"),
    "recall.opened": _("Recall vote opened"),
    "motion.submitted": _("Motion submitted"),
    "motion.supported": _("Motion supported"),
    "motion.tabled": _("Motion tabled"),
    "motion.withdrawn": _("Motion withdrawn"),
    "motion.referred": _("Motion referred to a commission"),
    "motion.recommended": _("Commission's recommendation"),
    "motion.put_to_vote": _("Motion put to the vote"),
    "motion.decided": _("Motion decided"),
    "amendment.submitted": _("Amendment tabled"),
    "amendment.withdrawn": _("Amendment withdrawn"),
    "decision.entered": _("Decision entered in the register"),
    "decision.dissent": _("Dissenting opinion attached"),
    "proxy.given": _("Proxy given"),
    "proxy.revoked": _("Proxy revoked"),
}

FIELD_LABELS: dict[str, Promise] = {
    "motion": _("motion"),
    "submitters": _("submitters"),
    "supporters": _("supporters"),
    "commission": _("commission"),
    "recommendation": _("recommendation"),
    "draft": _("SHA-256 of the commission's draft"),
    "amendments": _("amendments"),
    "amendment": _("amendment"),
    "amends": _("amends amendment"),
    "text_sha256": _("SHA-256 of the text"),
    "decision": _("decision"),
    "revises": _("revises decision"),
    "rescinds": _("rescinds it"),
    "revision": _("revision"),
    "decision_kind": _("kind of decision"),
    "ballot_change": _("ballots may be changed"),
    "election": _("election"),
    "weight": _("vote weight"),
    "giver": _("given by"),
    "holder": _("held by"),
    "alternates": _("alternates"),
    "ballots": _("ballots"),
    "blank": _("blank ballots"),
    "candidates": _("candidates"),
    "consent": _("consent"),
    "elected": _("elected"),
    "end_previous_term": _("ends the previous term"),
    "method": _("method"),
    "nominated_by": _("nominated by"),
    "rounds": _("rounds of the count"),
    "box_digest": _("ballot box (SHA-256)"),
    "cast": _("votes cast"),
    "entitled": _("full seats"),
    "form": _("form"),
    "outcome": _("outcome"),
    "present": _("present"),
    "subject": _("subject"),
    "vote": _("vote"),
    "voters": _("voters"),
    "abstain": _("abstentions"),
    "added": _("added"),
    "adopted": _("adopted"),
    "allowed_seconds": _("seconds allowed"),
    "alternate": _("alternate"),
    "by": _("by"),
    "by_chair": _("given by the chair"),
    "clock": _("clock"),
    "counter": _("counter-report"),
    "explanation": _("explanation"),
    "for_member": _("for"),
    "html_sha256": _("minutes HTML (SHA-256)"),
    "item": _("agenda item"),
    "item_kind": _("kind of item"),
    "members": _("members"),
    "needed": _("needed"),
    "no": _("no"),
    "online": _("online"),
    "orders_version": _("standing orders version"),
    "pdf_sha256": _("minutes PDF (SHA-256)"),
    "place": _("place"),
    "quorum": _("quorum"),
    "rapporteur": _("rapporteur"),
    "request_kind": _("kind of request"),
    "rule": _("rule"),
    "seats": _("seats"),
    "signatures": _("signatures"),
    "sitting": _("sitting"),
    "spoken_seconds": _("seconds spoken"),
    "stance": _("stance"),
    "starts_at": _("starts at"),
    "yes": _("yes"),
    "alternate_seats": _("alternate seats"),
    "because": _("because"),
    "body": _("body"),
    "changes": _("changes"),
    "days": _("days valid"),
    "document": _("document"),
    "document_sha256": _("document (SHA-256)"),
    "effective_from": _("effective from"),
    "effective_on": _("effective on"),
    "elected_by": _("elected by"),
    "from": _("from"),
    "field": _("field"),
    "full_seats": _("full seats"),
    "guest": _("guest"),
    "import_sha256": _("file imported (SHA-256)"),
    "issuer": _("sign-on provider"),
    "kind": _("kind"),
    "languages": _("languages"),
    "member": _("member"),
    "name": _("name"),
    "new": _("new value"),
    "not_in_file": _("not in the file"),
    "note": _("note"),
    "number": _("member number"),
    "office": _("office"),
    "old": _("old value"),
    "on": _("on"),
    "origin": _("origin"),
    "open_to_members": _("open to members"),
    "origin_detail": _("origin detail"),
    "prefix": _("token prefix"),
    "rank": _("rank"),
    "reason": _("reason"),
    "role": _("role"),
    "rows": _("rows"),
    "seats_vacated": _("seats vacated"),
    "scope": _("scope"),
    "sha256": _("file (SHA-256)"),
    "slug": _("short name"),
    "status_changed": _("status changed"),
    "time_zone": _("time zone"),
    "title": _("title"),
    "takes_guests": _("takes guests"),
    "terms_ended": _("terms of office ended"),
    "to": _("to"),
    "unchanged": _("unchanged"),
    "unit": _("unit"),
    "updated": _("updated"),
    "user": _("login"),
    "username": _("login"),
    "vacancy_of": _("vacancy of"),
    "version": _("version"),
}

# Fields whose values are one of a model's choices: shown by the choice's label.
_CHOICES: dict[str, dict[str, Promise]] = {
    "from": dict(MemberStatus.choices),
    "to": dict(MemberStatus.choices),
    "kind": dict(BodyKind.choices),
    "role": dict(SeatRole.choices),
    "origin": dict(SeatOrigin.choices),
    "item_kind": dict(ItemKind.choices),
    "request_kind": dict(FloorKind.choices),
    "stance": dict(FloorStance.choices),
    "decision_kind": dict(DecisionKind.choices),
    "revision": dict(Revision.choices),
}


def code_title(code: str) -> str:
    title = CODE_TITLES.get(code)
    return str(title) if title is not None else code


def field_label(key: str) -> str:
    label = FIELD_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")


def value_text(key: str, value: str) -> str:
    """An enumerated value by its label (`suspended` → "suspendiert"); others as given."""
    label = _CHOICES.get(key, {}).get(value)
    return str(label) if label is not None else value


def object_label(object_type: str) -> str:
    """`bodies.seat` → the model's own name ("seat", "Sitz")."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)
