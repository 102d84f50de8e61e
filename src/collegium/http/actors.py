"""Who acts when a page form or an API call asks for a change: the signed-in user, as an
explicit `Actor` with the channel they came through (journal.actors). An anonymous
visitor is refused before any action runs; the pages send them to sign in."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext as _

from collegium.access.permissions import NotPermitted
from collegium.journal.actors import Actor


def page_actor(request: HttpRequest) -> Actor:
    """The actor for an action a page form asks for: the signed-in user, channel page.
    An anonymous visitor is refused (`RefusalMiddleware` sends them to sign in)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotPermitted(_("Not permitted: sign in to make changes."))
    return Actor.page(user)
