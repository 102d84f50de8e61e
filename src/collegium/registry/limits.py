"""How long each text the register stores may be. The limits come from the tables, so
that what passes always fits; the actions check them, so a page, the API and a CSV file
are refused alike, by the field's name and its limit (rule `register.too-long`)."""

from __future__ import annotations

from django.db.models import CharField, Field, Model
from django.utils.translation import gettext as _

from collegium.registry.models import Member, MemberStatusChange
from collegium.rules.errors import RuleError

# An organization's description is free text on its home page; a few pages of it at most.
ORGANIZATION_DESCRIPTION_MAX_LENGTH = 5000


def max_length(model: type[Model], field: str) -> int:
    column = model._meta.get_field(field)
    assert isinstance(column, CharField), field
    assert column.max_length is not None, field
    return column.max_length


# The columns of a register file and the fields they fill.
MAX_LENGTH = {
    "number": max_length(Member, "number"),
    "name": max_length(Member, "name"),
    "email": max_length(Member, "email"),
    "unit": max_length(Member, "unit"),
    "status_reason": max_length(MemberStatusChange, "reason"),
}


def too_long(field: str, value: str, limit: int) -> str | None:
    """The reason `value` is too long for `field` (as the reader knows it), or None."""
    if len(value) <= limit:
        return None
    return _("%(column)s is %(length)d characters long; at most %(limit)d are allowed") % {
        "column": field,
        "length": len(value),
        "limit": limit,
    }


def check_lengths(
    model: type[Model], values: dict[str, str], limits: dict[str, int] | None = None
) -> None:
    """Refuse the first value longer than its field's limit (the table's, unless `limits`
    gives another), naming the field as the pages do (rule `register.too-long`)."""
    for field, value in values.items():
        limit = (limits or {}).get(field) or max_length(model, field)
        column = model._meta.get_field(field)
        assert isinstance(column, Field), field
        label = str(column.verbose_name)
        reason = too_long(label, value, limit)
        if reason is not None:
            raise RuleError(reason[:1].upper() + reason[1:] + ".", rule="register.too-long")
