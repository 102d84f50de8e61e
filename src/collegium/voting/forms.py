"""The forms of the vote pages: opening a vote (the chair), closing it (with the tellers'
counts for a show of hands, the chair's casting vote on a tie), casting a ballot."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from collegium.voting.api_schemas import MAX_HANDS
from collegium.voting.models import Choice, VoteForm


class OpenVoteForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Question"), max_length=300)
    form = forms.ChoiceField(
        label=gettext_lazy("Form"),
        required=False,
        choices=[("", gettext_lazy("As the standing orders say")), *VoteForm.choices],
    )
    item = forms.ChoiceField(label=gettext_lazy("Agenda item"), required=False)
    kind = forms.CharField(
        label=gettext_lazy("Kind of decision"),
        required=False,
        max_length=60,
        help_text=gettext_lazy(
            "Leave empty for the general majority; e.g. amend-standing-orders for the "
            "majority the orders give that kind."
        ),
    )
    secret_requested_by = forms.IntegerField(
        label=gettext_lazy("Full members asking for a secret ballot"),
        min_value=0,
        max_value=MAX_HANDS,
        initial=0,
        required=False,
    )

    def __init__(self, *args: Any, items: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", gettext_lazy("None")), *items]  # type: ignore[attr-defined]


class CloseVoteForm(forms.Form):
    yes = forms.IntegerField(
        label=gettext_lazy("Yes"), min_value=0, max_value=MAX_HANDS, required=False
    )
    no = forms.IntegerField(
        label=gettext_lazy("No"), min_value=0, max_value=MAX_HANDS, required=False
    )
    abstain = forms.IntegerField(
        label=gettext_lazy("Abstain"), min_value=0, max_value=MAX_HANDS, required=False
    )
    casting_vote = forms.ChoiceField(
        label=gettext_lazy("The chair's casting vote (on a tie, when the orders give one)"),
        required=False,
        choices=[
            ("", gettext_lazy("None")),
            ("yes", gettext_lazy("Yes")),
            ("no", gettext_lazy("No")),
        ],
    )


class BallotForm(forms.Form):
    choice = forms.ChoiceField(choices=Choice.choices)
    replacing = forms.CharField(required=False, max_length=64)
