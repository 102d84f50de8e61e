"""The forms of the chair's and the delegates' screens. Each control posts one of these;
a refused one is kept across the redirect (http.form_state) and shown on the screen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from collegium.meetings.models import FloorKind, FloorStance

# More hands than any hall holds; the rules compare the counts with those present.
MAX_HANDS = 100_000


class ItemForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=40)


class RequestForm(forms.Form):
    request = forms.IntegerField(label=_("Request"), min_value=1)


class AskForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=FloorKind.choices, initial=FloorKind.CONTRIBUTION
    )
    stance = forms.ChoiceField(
        label=_("Stance"), choices=FloorStance.choices, initial=FloorStance.NEUTRAL
    )


class GiveFloorForm(AskForm):
    field_order = ["seat", "kind", "stance"]

    seat = forms.TypedChoiceField(label=_("Seat holder or guest"), coerce=int, choices=())

    def __init__(self, *args: Any, seats: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["seat"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = list(seats)


class ShowOfHandsForm(forms.Form):
    yes = forms.IntegerField(label=_("Yes"), min_value=0, max_value=MAX_HANDS)
    no = forms.IntegerField(label=_("No"), min_value=0, max_value=MAX_HANDS)
    abstain = forms.IntegerField(
        label=_("Abstain"), min_value=0, max_value=MAX_HANDS, initial=0, required=False
    )
