"""How much text a record may hold: every text a user stores in a body, a seat, an office
or standing orders has a limit, checked by the action that stores it, so that pages, the
API and the CLI refuse alike (a 20 MB description once made two public pages 21 MB each).

    check_length(text, limit, what, rule)    at most `limit` characters

`what` names the field in the refusal ("the description"); the RuleError carries `rule`.
"""

from __future__ import annotations

from collegium.rules.errors import RuleError
from collegium.rules.text import _, figure

# The limits, in characters. Names and titles fit a line; details and reasons a sentence
# or two; a description a few paragraphs.
NAME = 200
DETAIL = 300
NOTE = 500
DESCRIPTION = 10_000


def check_length(text: str, limit: int, what: str, rule: str) -> None:
    if len(text) > limit:
        raise RuleError(
            _("%(what)s is too long: %(length)s characters; at most %(limit)s are accepted.")
            % {"what": what, "length": figure(len(text)), "limit": figure(limit)},
            rule=rule,
        )
