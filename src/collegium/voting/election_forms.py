"""The forms of the election pages: calling an election, nominating, opening the ballot."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from collegium.voting.actions.electing import ALTERNATES, BOTH, FULL
from collegium.voting.api_schemas import MAX_HANDS
from collegium.voting.models import VoteForm


class CallElectionForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("To elect"))
    places = forms.ChoiceField(
        label=gettext_lazy("Seats"),
        choices=[
            (BOTH, gettext_lazy("Full and alternate seats (alternates in the count's order)")),
            (FULL, gettext_lazy("Full seats only")),
            (ALTERNATES, gettext_lazy("Alternate seats only")),
        ],
        help_text=gettext_lazy("An office has one holder; this choice is for a body."),
    )

    def __init__(self, *args: Any, targets: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets  # type: ignore[attr-defined]


class NominateForm(forms.Form):
    member = forms.CharField(label=gettext_lazy("Member number"), max_length=32)
    nominated_by = forms.CharField(
        label=gettext_lazy("Nominated by"), max_length=300, required=False
    )


class OpenBallotForm(forms.Form):
    form = forms.ChoiceField(
        label=gettext_lazy("Form"),
        required=False,
        choices=[
            ("", gettext_lazy("As the standing orders say")),
            ("named", gettext_lazy("named electronic vote")),
            ("secret", gettext_lazy("secret electronic ballot")),
        ],
    )


class RecallForm(forms.Form):
    term = forms.ChoiceField(label=gettext_lazy("Office holder to recall"))
    form = forms.ChoiceField(
        label=gettext_lazy("Form"),
        required=False,
        choices=[("", gettext_lazy("As the standing orders say")), *VoteForm.choices],
    )
    secret_requested_by = forms.IntegerField(
        label=gettext_lazy("Full members asking for a secret ballot"),
        min_value=0,
        max_value=MAX_HANDS,
        initial=0,
        required=False,
    )

    def __init__(self, *args: Any, terms: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = terms  # type: ignore[attr-defined]
