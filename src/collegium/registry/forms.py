"""Forms of the register pages. They only parse input: the rules (a reason is required,
the status must change) are the actions' to enforce, so the page shows the rule's own
message rather than a second, possibly different, form error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from collegium.registry.models import MemberStatus


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any status")), *MemberStatus.choices],
    )
    # Keyset cursors: the member number of the row the page starts after / ends before.
    after = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    before = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)


# What changing to each status means, in the words an admin would use.
STATUS_ACTIONS: dict[str, Any] = {
    MemberStatus.ACTIVE: _("Reinstate (active)"),
    MemberStatus.SUSPENDED: _("Suspend"),
    MemberStatus.LEFT: _("Record as left"),
}


class StatusChangeForm(forms.Form):
    # Not required here: the action refuses a blank reason with the rule's message.
    use_required_attribute = False

    status = forms.ChoiceField(label=_("Change"), choices=list(STATUS_ACTIONS.items()))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "aria-required": "true"}),
    )
    effective_on = forms.DateField(
        label=_("Effective on"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, current: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and current:
            # Offer only real changes; a stale form posting the current status is still
            # accepted here and refused by the action with its own message.
            field = self.fields["status"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(k, v) for k, v in STATUS_ACTIONS.items() if k != current]
