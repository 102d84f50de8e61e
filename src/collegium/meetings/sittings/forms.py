"""The forms of the secretariat's sitting pages. Each checks what a form can (types,
lengths, the agenda's lines); the actions check the rules and name them when they
refuse. Times are typed and shown in the organization's time zone."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.bodies.models import Seat
from collegium.meetings.actions.reports import DOCUMENT_BYTES, Document
from collegium.meetings.models import AgendaItem, ItemKind
from collegium.rules.procedure import texts

# How long a pasted text may be: the Congress's 1,349 member numbers fit many times over.
LONG_TEXT = 100_000
REPORT_TEXT = 200_000
_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_input(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """A stored moment as the time field shows it, in the organization's zone."""
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def seat_choices(seats: Iterable[Seat]) -> list[tuple[str, str]]:
    choices = [("", "—")]
    for seat in seats:
        number = f" ({seat.member.number})" if seat.member is not None else ""
        role = capfirst(seat.get_role_display())
        choices.append((str(seat.pk), f"{seat.holder_name}{number} · {role}"))
    return choices


def lines(text: str) -> list[str]:
    """A pasted list, one entry per line; blank lines keep their place, so a refusal
    naming a line number names the line the reader sees."""
    return [line.strip() for line in text.splitlines()]


class WhenMixin(forms.Form):
    """A start typed in the organization's time zone (the form's `zone`)."""

    zone = zoneinfo.ZoneInfo("UTC")

    def clean_starts_at(self) -> datetime.datetime:
        value: datetime.datetime = self.cleaned_data["starts_at"]
        # The field read the wall-clock time in the server's zone: read it in ours.
        return value.replace(tzinfo=None).replace(tzinfo=self.zone)


def _kinds() -> dict[str, str]:
    """Kinds of items by their code and by their name in the reader's language."""
    known = {value: value for value in ItemKind.values}
    known |= {str(label).casefold(): value for value, label in ItemKind.choices}
    return known


def parse_agenda(text: str) -> list[tuple[str, str]]:
    """A draft agenda typed one item per line as "kind: title"; blank lines are skipped.
    A line that does not parse is refused by its number."""
    kinds = _kinds()
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        kind, colon, title = line.partition(":")
        found = kinds.get(kind.strip().casefold())
        if not colon or found is None or not title.strip():
            raise forms.ValidationError(
                _(
                    'Line %(line)d: write "kind: title", where the kind is one of %(kinds)s '
                    "(found: %(text)s)."
                )
                % {"line": number, "kinds": ", ".join(ItemKind.values), "text": line.strip()[:80]}
            )
        items.append((title.strip(), found))
    return items


class ConveneForm(WhenMixin):
    prefix = "convene"
    title = forms.CharField(label=gettext_lazy("Title"), max_length=texts.NAME)
    starts_at = forms.DateTimeField(label=gettext_lazy("Starts at"), widget=_WHEN)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=texts.DETAIL, required=False)
    online = forms.BooleanField(label=gettext_lazy("Online"), required=False)
    agenda = forms.CharField(
        label=gettext_lazy(
            'Draft agenda: one item per line, "kind: title" '
            "(report, motion, election, procedural or other)"
        ),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, zone: zoneinfo.ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean_agenda(self) -> list[tuple[str, str]]:
        return parse_agenda(str(self.cleaned_data["agenda"]))


class PostponeForm(WhenMixin):
    prefix = "postpone"
    starts_at = forms.DateTimeField(label=gettext_lazy("New start"), widget=_WHEN)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=texts.NOTE)
    # The sitting's revision the form was made from (a stale form is refused).
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, zone: zoneinfo.ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone


class CancelForm(forms.Form):
    prefix = "cancel"
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=texts.NOTE)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class ButtonForm(forms.Form):
    """A form that is only its button (open, close, check in oneself)."""


class SeatChoiceForm(forms.Form):
    """One seat picked by name: check in at the door, check out."""

    seat = forms.TypedChoiceField(label=gettext_lazy("Seat holder"), coerce=int)

    def __init__(self, *args: Any, seats: Iterable[Seat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = seat_choices(seats)  # type: ignore[attr-defined]


class NumberForm(forms.Form):
    prefix = "number"
    number = forms.CharField(label=gettext_lazy("Member number"), max_length=32)


class BulkForm(forms.Form):
    prefix = "bulk"
    numbers = forms.CharField(
        label=gettext_lazy("Member numbers, one per line"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_numbers(self) -> list[str]:
        return lines(str(self.cleaned_data["numbers"]))


class ItemForm(forms.Form):
    prefix = "item"
    title = forms.CharField(label=gettext_lazy("Title"), max_length=texts.DETAIL)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[(value, capfirst(label)) for value, label in ItemKind.choices],
    )
    parent = forms.TypedChoiceField(
        label=gettext_lazy("Under item (optional)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, items: Iterable[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((str(i.pk), f"{i.number}. {i.title}") for i in items)]
        self.fields["parent"].choices = choices  # type: ignore[attr-defined]


class HandsForm(forms.Form):
    """A counted show of hands, as the secretary records it."""

    prefix = "hands"
    yes = forms.IntegerField(label=gettext_lazy("Yes"), min_value=0, max_value=1_000_000)
    no = forms.IntegerField(label=gettext_lazy("No"), min_value=0, max_value=1_000_000)
    abstain = forms.IntegerField(
        label=gettext_lazy("Abstain"), min_value=0, max_value=1_000_000, required=False
    )

    def clean_abstain(self) -> int:
        return int(self.cleaned_data["abstain"] or 0)


class ReportForm(forms.Form):
    rapporteur = forms.TypedChoiceField(label=gettext_lazy("Rapporteur"), coerce=int)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=texts.DETAIL)
    text = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=REPORT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    document = forms.FileField(
        label=gettext_lazy("Document (PDF, at most 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args: Any, seats: Iterable[Seat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rapporteur"].choices = seat_choices(seats)  # type: ignore[attr-defined]

    def clean_document(self) -> Document | None:
        """The upload as the action checks it; read no further than the action's limit
        (one byte more tells it the file is too large)."""
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        return Document(name=str(upload.name or ""), content=upload.read(DOCUMENT_BYTES + 1))


class CounterReportForm(ReportForm):
    signatures = forms.CharField(
        label=gettext_lazy("Signatures: member numbers of full members, one per line"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_signatures(self) -> list[str]:
        return lines(str(self.cleaned_data["signatures"]))
