"""What an organization is set up with: its short name, its languages and its time zone,
checked the same way for the page, the API and the `collegium organization create`
command (each refusal names its rule)."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Sequence
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _

from collegium.rules.errors import RuleError

# The short name is part of every address of the organization (/o/<slug>/).
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def check_slug(slug: str) -> str:
    if not _SLUG.fullmatch(slug):
        raise RuleError(
            _(
                "The short name %(slug)s may hold only lower-case letters a–z, digits and "
                "single hyphens between them, as in “metal-workers-2024”."
            )
            % {"slug": repr(slug)},
            rule="organization.slug",
        )
    return slug


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def check_languages(languages: Sequence[str]) -> list[str]:
    """The organization's languages in order, the default first; none given: the site's
    default language alone."""
    chosen = [code.strip() for code in languages if code.strip()]
    if not chosen:
        return [settings.LANGUAGE_CODE]
    offered = site_languages()
    unknown = [code for code in chosen if code not in offered]
    if unknown:
        raise RuleError(
            _("Unknown language %(code)s; the languages offered are %(offered)s.")
            % {"code": repr(unknown[0]), "offered": ", ".join(offered)},
            rule="organization.languages",
        )
    if len(set(chosen)) < len(chosen):
        raise RuleError(
            _("A language is named twice: %(languages)s.") % {"languages": ", ".join(chosen)},
            rule="organization.languages",
        )
    return chosen


@cache
def time_zones() -> frozenset[str]:
    """The IANA names zoneinfo knows (read once: it walks the time zone database)."""
    return frozenset(zoneinfo.available_timezones())


def check_time_zone(name: str) -> str:
    name = name.strip()
    if name not in time_zones():
        raise RuleError(
            _("%(zone)s is not a time zone; give an IANA name such as Europe/Berlin.")
            % {"zone": repr(name)},
            rule="organization.time-zone",
        )
    return name
