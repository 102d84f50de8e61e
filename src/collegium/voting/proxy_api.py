"""API for proxies in a body: the proxies in force; a full member gives theirs (or the
secretariat records one) and revokes it. Refusals name their rule (proxy.*)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.params import P, PathEx

from collegium.bodies.models import Body, Seat, SeatRole
from collegium.http.api_auth import OPTIONAL_AUTH, READ, WRITE, api_actor, caller
from collegium.http.api_errors import READ_ERRORS, WRITE_ERRORS
from collegium.http.errors import NotFound
from collegium.meetings.api_lookup import body_at, sitting_reader
from collegium.rules.errors import RuleError
from collegium.voting.actions.proxies import give_proxy, revoke_proxy
from collegium.voting.models import Proxy

router = Router(tags=["proxies"])

PROXIES = "/organizations/{slug}/bodies/{body_slug}/proxies"
ROW_NUMBER = P(ge=1, le=2_147_483_647)


class GiveProxyIn(Schema):
    holder: str = Field(max_length=32, description="The member number of the holder.")
    giver: str | None = Field(
        None,
        max_length=32,
        description="The giver's member number; None: your own (the secretariat names one).",
    )


class ProxyOut(Schema):
    id: int
    giver: str = Field(description="The giver's member number.")
    holder: str = Field(description="The holder's member number.")
    given_at: datetime.datetime


def _out(proxy: Proxy) -> ProxyOut:
    assert proxy.giver.member is not None
    assert proxy.holder.member is not None
    return ProxyOut(
        id=proxy.pk,
        giver=proxy.giver.member.number,
        holder=proxy.holder.member.number,
        given_at=proxy.given_at,
    )


def _fresh(proxy: Proxy) -> Proxy:
    return Proxy.objects.select_related("giver__member", "holder__member").get(pk=proxy.pk)


def _full_seat(body: Body, number: str) -> Seat:
    seat = (
        Seat.objects.filter(
            body=body, member__number=number, vacated_on__isnull=True, role=SeatRole.FULL
        )
        .select_related("member")
        .first()
    )
    if seat is None:
        raise RuleError(
            _("%(number)s holds no full seat in %(body)s.") % {"number": number, "body": body.name},
            rule="proxy.full-members",
        )
    return seat


@router.get(
    PROXIES,
    response={200: list[ProxyOut], **READ_ERRORS},
    auth=READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="list_proxies",
    summary="The proxies in force in a body (members and staff)",
)
def list_proxies(request: HttpRequest, slug: str, body_slug: str) -> list[ProxyOut]:
    body = body_at(slug, body_slug)
    sitting_reader(request, body)
    proxies = Proxy.objects.filter(body=body, revoked_at__isnull=True).select_related(
        "giver__member", "holder__member"
    )
    return [_out(proxy) for proxy in proxies.order_by("given_at", "pk")]


@router.post(
    PROXIES,
    response={201: ProxyOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="give_proxy",
    summary="Give your proxy to another full member (or record one: secretariat)",
    description="Where the orders allow proxies. Rules proxy.not-allowed, "
    "proxy.full-members, proxy.given, proxy.chain, proxy.too-many.",
)
def give(request: HttpRequest, slug: str, body_slug: str, asked: GiveProxyIn) -> Status[ProxyOut]:
    body = body_at(slug, body_slug)
    sitting_reader(request, body)
    if asked.giver is None:
        user = caller(request)
        own = (
            Seat.objects.filter(
                body=body, member__user_id=user.pk, vacated_on__isnull=True, role=SeatRole.FULL
            ).first()
            if user.is_authenticated
            else None
        )
        if own is None:
            raise RuleError(
                _("You hold no full seat in %(body)s.") % {"body": body.name},
                rule="proxy.full-members",
            )
        giver = own
    else:
        giver = _full_seat(body, asked.giver)
    proxy = give_proxy(actor=api_actor(request), giver=giver, holder=_full_seat(body, asked.holder))
    return Status(
        201, _out(Proxy.objects.select_related("giver__member", "holder__member").get(pk=proxy.pk))
    )


@router.post(
    PROXIES + "/{proxy_id}/revoke",
    response={200: ProxyOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="revoke_proxy",
    summary="Revoke a proxy (its giver, or the secretariat)",
    description="Votes opened from now on do not use it. Rule proxy.revoked.",
)
def revoke(
    request: HttpRequest, slug: str, body_slug: str, proxy_id: PathEx[int, ROW_NUMBER]
) -> ProxyOut:
    body = body_at(slug, body_slug)
    sitting_reader(request, body)
    proxy = Proxy.objects.filter(body=body, pk=proxy_id).first()
    if proxy is None:
        raise NotFound(_("No such proxy."))
    revoked = revoke_proxy(actor=api_actor(request), proxy=proxy)
    return _out(_fresh(revoked))
