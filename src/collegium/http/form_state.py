"""A refused form kept across the redirect that answers every POST of the pages
(reloading, or Back and forward, never posts again): the view keeps what was typed and
the refusal in the session, redirects, and the page takes them back once (`take`),
showing the form as sent with the refusal beside the field its rule concerns. Shared by
every feature's pages, so it lives here, below them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from django import forms
from django.http import HttpRequest, HttpResponseRedirect

from collegium.rules.errors import RuleError

T = TypeVar("T")
F = TypeVar("F", bound=forms.Form)

KEY = "collegium.refused-form"
# More than any field accepts, so a value too long still shows as too long, yet a session
# never holds a large body.
_MAX_VALUE = 1_000
_MAX_LIST = 20


@dataclass(frozen=True)
class Kept:
    data: dict[str, str | list[str]]
    refusal: str | None
    field: str | None  # the form's field the refusal is about, if its rule names one


def keep(
    request: HttpRequest,
    form: forms.Form,
    place: str,
    refused: RuleError | str | None = None,
    fields: Mapping[str, str] | None = None,
) -> None:
    """Keep `form`'s data for the page at `place` (a name unique to that page's form),
    and the refusal (a rule's, or a sentence); `fields` maps rule ids to the field the
    refusal is shown beside."""
    data: dict[str, str | list[str]] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.MultipleChoiceField):
            data[key] = [value[:_MAX_VALUE] for value in request.POST.getlist(key)[:_MAX_LIST]]
        else:
            data[key] = request.POST.get(key, "")[:_MAX_VALUE]
    rule = refused.rule if isinstance(refused, RuleError) else None
    beside = (fields or {}).get(rule) if rule is not None else None
    request.session[KEY] = {
        "place": place,
        "data": data,
        "refusal": str(refused) if refused is not None else None,
        "field": beside,
    }


def take(request: HttpRequest, place: str) -> Kept | None:
    """The form kept for `place`, once; None when there is none (or it is another page's).
    A live re-fetch (HX-Request) leaves it for the page the reader navigates to."""
    if request.headers.get("HX-Request") == "true":
        return None
    kept = request.session.get(KEY)
    if not isinstance(kept, dict) or kept.get("place") != place:
        return None
    del request.session[KEY]
    return Kept(dict(kept["data"]), kept["refusal"], kept.get("field"))


def rebound(form: F, kept: Kept) -> F:
    """`form`, bound to the kept data, with its own field errors and the refusal beside
    its field (or above the form)."""
    form.full_clean()
    if kept.refusal:
        field = kept.field if kept.field in form.fields else None
        if field is not None or kept.refusal not in form.non_field_errors():
            form.add_error(field, kept.refusal)
    return form


def problems(form: forms.Form) -> str:
    """A form's errors as one sentence, for the refusal a page shows above a form."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def see_other(url: str) -> HttpResponseRedirect:
    """The answer to every POST: 303, so the browser follows with a GET."""
    return HttpResponseRedirect(url, status=303)
