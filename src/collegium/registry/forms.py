"""Forms of the register pages. They only parse input: the rules (a reason is required,
the status must change) are the actions' to enforce, so the page shows the rule's own
message rather than a second, possibly different, form error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from collegium.registry.models import MemberStatus


class RegisterSearchForm(forms.Form):
    # No max_length: a too-long search is refused by registry.queries with its rule's
    # message, not dropped (which showed the whole register).
    q = forms.CharField(label=_("Search"), required=False)
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

    # The version of the record the form was made from (registry.queries.status_version):
    # the action refuses a form made before a change it did not show.
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, current: str = "", version: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = version
        if not self.is_bound and current:
            # Offer only real changes; a stale form posting the current status is still
            # accepted here and refused by the action with its own message.
            field = self.fields["status"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(k, v) for k, v in STATUS_ACTIONS.items() if k != current]


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class OrganizationForm(forms.Form):
    """The operator's form for a new organization. It parses; the action checks (the
    short name's shape, the languages, the time zone, the first admin) with named rules."""

    use_required_attribute = False

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    slug = forms.CharField(
        label=_("Short name"),
        max_length=60,
        required=False,
        help_text=_("Part of every address of the organization: a–z, digits and hyphens."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    default_language = forms.ChoiceField(label=_("Default language"), choices=_language_choices)
    other_languages = forms.MultipleChoiceField(
        label=_("Further languages"),
        required=False,
        choices=_language_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        required=False,
        help_text=_("An IANA name, such as Europe/Berlin; empty for UTC."),
        widget=forms.TextInput(attrs={"list": "time-zones", "autocapitalize": "none"}),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    admin = forms.CharField(
        label=_("First administrator"),
        max_length=150,
        required=False,
        help_text=_("The login name of an existing account; it can name further admins."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )

    def languages(self) -> list[str]:
        """The default language first, then the others in the site's order."""
        default = self.cleaned_data["default_language"]
        return [default, *(c for c in self.cleaned_data["other_languages"] if c != default)]


class MemberForm(forms.Form):
    """A single member added on the register's page; the action checks every rule."""

    use_required_attribute = False

    number = forms.CharField(
        label=_("Member number"),
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    name = forms.CharField(label=_("Name"), required=False)
    email = forms.CharField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    unit = forms.CharField(label=_("Unit"), required=False)
    joined_on = forms.DateField(
        label=_("Joined on"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class CorrectionForm(forms.Form):
    """Name, email and unit of one member, with the version of the entry it was made
    from (registry.queries.details_version): a stale form is refused by the action."""

    use_required_attribute = False

    name = forms.CharField(label=_("Name"), required=False)
    email = forms.CharField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    unit = forms.CharField(label=_("Unit"), required=False)
    version = forms.CharField(required=False, widget=forms.HiddenInput)


class AdminForm(forms.Form):
    username = forms.CharField(
        label=_("Login name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
