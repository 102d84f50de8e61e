"""The forms of the motion pages: submitting a motion, referring it, the commission's
recommendation, an amendment, and putting an amendment or the motion to the vote; at a
sitting, moving, seconding, putting to the vote and ruling on a procedural motion. The
steps that are only a button (support, table, withdraw) take no form. Each form checks
the shape of what was typed; the actions decide the rest and name the rule."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from collegium.motions.actions.procedural import DETAIL_MAX, RULING_MAX
from collegium.motions.models import Recommendation, Revision
from collegium.rules.motions.amendments import MAX_TEXT
from collegium.rules.motions.procedural import BY_KEY
from collegium.voting.models import VoteForm

Choices = Sequence[tuple[str, str]]

# More lines than any text has; a larger number is refused by the form, not the database.
MAX_LINE = 1_000_000
TITLE_MAX = 300
REASON_MAX = 10_000
# As motions.actions.procedural takes it.


def _text(label: Any, *, required: bool = True, max_length: int = MAX_TEXT) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class SubmitForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX)
    text = _text(gettext_lazy("Text"))
    submitters = forms.CharField(
        label=gettext_lazy("Submitters (members' numbers)"),
        required=False,
        max_length=2_000,
        help_text=gettext_lazy(
            "Separated by commas or spaces. Leave empty to submit the motion yourself."
        ),
    )
    sitting = forms.ChoiceField(label=gettext_lazy("For the sitting"), required=False)
    revision = forms.ChoiceField(
        label=gettext_lazy("What it does"), required=False, choices=Revision.choices
    )
    revises = forms.CharField(
        label=gettext_lazy("Decision it amends or rescinds"),
        required=False,
        max_length=20,
        help_text=gettext_lazy(
            "Its number in the register, as YEAR/NUMBER. To amend, the text is the "
            "decision's new text."
        ),
    )

    def __init__(
        self, *args: Any, sittings: Choices = (), secretariat: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sitting"].choices = [("", gettext_lazy("None")), *sittings]  # type: ignore[attr-defined]
        if not secretariat:
            del self.fields["submitters"]

    def clean_revises(self) -> tuple[int, int] | None:
        value: str = (self.cleaned_data.get("revises") or "").strip()
        if not value:
            return None
        found = re.fullmatch(r"(\d{1,4})\s*/\s*(\d{1,9})", value)
        if found is None:
            raise forms.ValidationError(
                gettext_lazy("A decision is named YEAR/NUMBER, as in 1956/3.")
            )
        return int(found[1]), int(found[2])

    def clean_submitters(self) -> list[str]:
        value: str = self.cleaned_data.get("submitters") or ""
        return [number for number in re.split(r"[\s,;]+", value) if number]


class ReferForm(forms.Form):
    commission = forms.ChoiceField(label=gettext_lazy("Commission"))

    def __init__(self, *args: Any, commissions: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commission"].choices = list(commissions)  # type: ignore[attr-defined]


ON_AMENDMENT = [
    ("", gettext_lazy("No recommendation")),
    (Recommendation.ADOPT.value, Recommendation.ADOPT.label),
    (Recommendation.REJECT.value, Recommendation.REJECT.label),
]


class RecommendForm(forms.Form):
    """The recommendation on the motion, the commission's draft, and one field
    `amendment_<number>` per pending amendment."""

    recommendation = forms.ChoiceField(
        label=gettext_lazy("Recommendation"), choices=Recommendation.choices
    )
    draft = _text(gettext_lazy("The commission's draft of the text"), required=False)

    def __init__(self, *args: Any, amendments: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in amendments:
            self.fields[f"amendment_{number}"] = forms.ChoiceField(
                label=gettext_lazy("On amendment %(number)s") % {"number": number},
                choices=ON_AMENDMENT,
                required=False,
            )

    def on_amendments(self) -> dict[int, str]:
        return {
            int(name.removeprefix("amendment_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("amendment_") and value
        }


class ChangeForm(forms.Form):
    """A change to the text by line: the commission's change recommendation, and the
    fields of an amendment."""

    first_line = forms.IntegerField(
        label=gettext_lazy("First line"), min_value=1, max_value=MAX_LINE
    )
    last_line = forms.IntegerField(
        label=gettext_lazy("Last line"),
        min_value=0,
        max_value=MAX_LINE,
        help_text=gettext_lazy("One less than the first line inserts after that line."),
    )
    text = _text(gettext_lazy("New text (empty strikes the lines out)"), required=False)
    reason = _text(gettext_lazy("Reason"), required=False, max_length=REASON_MAX)


class AmendForm(ChangeForm):
    amends = forms.ChoiceField(label=gettext_lazy("Amends"), required=False)
    member = forms.CharField(
        label=gettext_lazy("Moved by (member's number)"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("Leave empty to move the amendment yourself."),
    )

    def __init__(
        self,
        *args: Any,
        amendments: Choices = (),
        secretariat: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amends"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("The motion's text")),
            *amendments,
        ]
        if not secretariat:
            del self.fields["member"]


class PutToVoteForm(forms.Form):
    sitting = forms.ChoiceField(label=gettext_lazy("At the sitting"))
    form = forms.ChoiceField(
        label=gettext_lazy("Form"),
        required=False,
        choices=[("", gettext_lazy("As the standing orders say")), *VoteForm.choices],
    )

    def __init__(self, *args: Any, sittings: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sitting"].choices = list(sittings)  # type: ignore[attr-defined]


# Procedural motions at a sitting (procedural_page.py) ----------------------------------------


class ProceduralKeyField(forms.ChoiceField):
    """The motion moved: the select offers those in order now, but any of the 1915 set is
    taken, so that the action, not the form, refuses one out of order (a stale page)."""

    def valid_value(self, value: Any) -> bool:
        return str(value) in BY_KEY


class MoveProceduralForm(forms.Form):
    key = ProceduralKeyField(label=gettext_lazy("Motion"))
    detail = forms.CharField(
        label=gettext_lazy("Detail"),
        required=False,
        max_length=DETAIL_MAX,
        help_text=gettext_lazy(
            "What it proposes, if anything: the commission, the time, the point raised."
        ),
    )
    member = forms.CharField(
        label=gettext_lazy("Moved by (member's number)"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("Leave empty to move it yourself."),
    )

    def __init__(
        self, *args: Any, motions: Choices = (), secretariat: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = list(motions)  # type: ignore[attr-defined]
        if not secretariat:
            del self.fields["member"]


class SecondProceduralForm(forms.Form):
    member = forms.CharField(
        label=gettext_lazy("Seconded by (member's number)"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("Leave empty to second it yourself."),
    )

    def __init__(self, *args: Any, secretariat: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not secretariat:
            del self.fields["member"]


class ProceduralVoteForm(forms.Form):
    form = forms.ChoiceField(
        label=gettext_lazy("Form"),
        required=False,
        choices=[("", gettext_lazy("As the standing orders say")), *VoteForm.choices],
    )


class RuleOnProceduralForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("The chair's ruling"),
        choices=[("yes", gettext_lazy("Upheld")), ("no", gettext_lazy("Not upheld"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    ruling = forms.CharField(
        label=gettext_lazy("Ruling"),
        required=False,
        max_length=RULING_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
