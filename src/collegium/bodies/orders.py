"""The one path to a body's standing orders in force. Pages, the API, the actions and
(later) sittings, motions and votes all ask here, never the table directly.

A version is in force from its `effective_from` until the next version takes effect. A
sitting stays bound to the version in force when it opened: it asks with `at=` the
moment it opened. Stored versions never change, so each is parsed once per process and
the parsed rules are shared."""

from __future__ import annotations

import datetime
import hashlib
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from collegium.bodies.models import Body, StandingOrders
from collegium.rules.errors import RuleError
from collegium.rules.standing_orders.document import StandingOrders as Rules
from collegium.rules.standing_orders.document import parse_standing_orders


@dataclass(frozen=True)
class InForce:
    """A stored version and its parsed rules. `rules` is None only for a document that
    no longer parses (stored under an older format): it then governs nothing, and pages
    show its keys and values instead so nothing is hidden."""

    version: StandingOrders
    rules: Rules | None


def versions_of(body: Body) -> QuerySet[StandingOrders]:
    """Every version of a body's orders, the newest first (scheduled ones included)."""
    return StandingOrders.objects.filter(body=body).order_by("-version")


def orders_in_force(body: Body, at: datetime.datetime | None = None) -> InForce | None:
    """The body's orders in force at `at` (now by default), or None before any."""
    return in_force_for([body], at).get(body.pk)


def in_force_for(
    bodies: Iterable[Body | int], at: datetime.datetime | None = None
) -> dict[int, InForce]:
    """The orders in force at `at` for several bodies, in one query (an organization's
    home lists every body's)."""
    ids = [b if isinstance(b, int) else b.pk for b in bodies]
    moment = at or timezone.now()
    found: dict[int, InForce] = {}
    rows = (
        StandingOrders.objects.filter(body_id__in=ids, effective_from__lte=moment)
        .select_related("body")
        .order_by("body_id", "-effective_from", "-version")
    )
    for version in rows:
        if version.body_id not in found:
            found[version.body_id] = InForce(version, parsed(version))
    return found


_parsed: dict[str, Rules | None] = {}
_parsing = threading.Lock()


def parsed(version: StandingOrders) -> Rules | None:
    """The version's rules, parsed once. Keyed by the document's digest, not the row's
    id, so that a test database reusing ids never gets another document's rules."""
    text = json.dumps(version.document, sort_keys=True, separators=(",", ":"))
    key = hashlib.sha256(text.encode()).hexdigest()
    if key in _parsed:
        return _parsed[key]
    try:
        rules: Rules | None = parse_standing_orders(version.document)
    except RuleError:
        rules = None
    with _parsing:
        _parsed[key] = rules
    return rules
