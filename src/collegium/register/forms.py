"""The register's forms: the search, and a dissenting opinion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from collegium.register.actions.dissenting import DISSENT_MAX
from collegium.register.models import DecisionKind
from collegium.register.queries import STATUSES


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("every kind")), *DecisionKind.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1, max_value=9999)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any")), *STATUSES.items()]
    )


class DissentForm(forms.Form):
    text = forms.CharField(
        label=_("Dissenting opinion"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=DISSENT_MAX,
    )
    # Only the secretariat records an opinion handed in by another member.
    member_number = forms.CharField(label=_("Member number"), required=False, max_length=64)
