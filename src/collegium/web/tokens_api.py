"""API for a user's own API tokens. Issuing needs a signed-in session, never a token (so a
stolen token cannot mint longer-lived ones);
the token is in the answer once and never again. In the web layer: it calls access's
actions through the shared HTTP helpers, which sit above access."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from collegium.access.actions import issue_token, revoke_token
from collegium.access.models import ApiToken, TokenScope
from collegium.http.api_auth import WRITE, acting_user, signed_in_user
from collegium.http.api_errors import WRITE_ERRORS, ErrorOut
from collegium.http.errors import NotFound
from collegium.journal.actors import Actor

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The token's first characters, to tell tokens apart.")
    created_at: datetime.datetime
    revoked_at: datetime.datetime | None
    expires_at: datetime.datetime | None = Field(description="After this, the token is refused.")
    last_used_at: datetime.datetime | None = Field(
        description="The token's last use, to within a minute."
    )
    scope: TokenScope = Field(description="`read`: reads only; `write`: reads and writes.")


class IssuedTokenOut(TokenOut):
    token: str = Field(description="Send as `Authorization: Bearer <token>`. Shown only once.")


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    days: int | None = Field(
        None,
        ge=1,
        description="Days until the token expires (default COLLEGIUM_TOKEN_DAYS, 90; at most "
        "COLLEGIUM_TOKEN_MAX_DAYS, 365).",
    )
    scope: TokenScope = Field(
        TokenScope.WRITE, description="`read` refuses writes; `write` allows both."
    )


def _token_out(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        revoked_at=token.revoked_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        scope=TokenScope(token.scope),
    )


@router.get(
    "/tokens",
    response={200: list[TokenOut], 401: ErrorOut},
    auth=WRITE,
    operation_id="list_tokens",
    summary="The caller's API tokens",
)
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    return [_token_out(t) for t in ApiToken.objects.filter(user=acting_user(request))]


@router.post(
    "/tokens",
    response={201: IssuedTokenOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="issue_token",
    summary="Issue an API token for the caller",
    description="Needs a signed-in session: a request with a bearer token is refused (403).",
)
def issue(request: HttpRequest, token: TokenIn) -> Status[IssuedTokenOut]:
    user = signed_in_user(request)
    issued, secret = issue_token(
        actor=Actor.api(user), user=user, name=token.name, days=token.days, scope=token.scope
    )
    return Status(201, IssuedTokenOut(**_token_out(issued).model_dump(), token=secret))


@router.post(
    "/tokens/{token_id}/revoke",
    response={200: TokenOut, **WRITE_ERRORS},
    auth=WRITE,
    operation_id="revoke_token",
    summary="Revoke one of the caller's API tokens",
)
def revoke(request: HttpRequest, token_id: int) -> TokenOut:
    user = acting_user(request)
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(_("You have no API token %(id)d.") % {"id": token_id})
    return _token_out(revoke_token(actor=Actor.api(user), token=token))
