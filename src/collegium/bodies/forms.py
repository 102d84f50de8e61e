"""The forms of the body set-up and office pages. Each checks what a form can (types,
lengths, ranges); the action checks the rules and names them when it refuses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from collegium.bodies.models import Body, BodyKind
from collegium.bodies.queries import composition
from collegium.registry.models import Organization
from collegium.rules.procedure import texts
from collegium.rules.procedure.seating import MAX_SEATS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyForm(forms.Form):
    """A new body (with its short name) or a change to one (without: addresses keep it)."""

    prefix = "body"
    name = forms.CharField(label=gettext_lazy("Name"), max_length=texts.NAME)
    slug = forms.SlugField(
        label=gettext_lazy("Short name (in addresses: letters, digits, hyphens)"), max_length=60
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[(value, capfirst(label)) for value, label in BodyKind.choices],
    )
    elected_by = forms.ChoiceField(label=gettext_lazy("Elected by"), required=False)
    full_seats = forms.IntegerField(
        label=gettext_lazy("Full seats"), min_value=1, max_value=MAX_SEATS
    )
    alternate_seats = forms.IntegerField(
        label=gettext_lazy("Alternate seats"), initial=0, min_value=0, max_value=MAX_SEATS
    )
    term_start = forms.DateField(label=gettext_lazy("Term starts"), required=False, widget=_DATE)
    term_end = forms.DateField(label=gettext_lazy("Term ends"), required=False, widget=_DATE)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        max_length=texts.DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    takes_guests = forms.BooleanField(
        label=gettext_lazy("Takes guests (guest seats, as its standing orders allow)"),
        required=False,
        initial=True,
    )
    # The body's revision the form was made from (bodies.actions.update_body).
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(
        self, *args: Any, organization: Organization, body: Body | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        electing = Body.objects.filter(organization=organization, dissolved_on__isnull=True)
        if body is not None:
            electing = electing.exclude(pk=body.pk)
            del self.fields["slug"]
        else:
            del self.fields["revision"]
        field = self.fields["elected_by"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", gettext_lazy("No other body (constituted directly)")),
            *((b.slug, b.name) for b in electing.order_by("pk")),
        ]

    def clean_elected_by(self) -> Body | None:
        slug = self.cleaned_data["elected_by"]
        if not slug:
            return None
        return Body.objects.get(organization=self.organization, slug=slug)


class DissolveForm(forms.Form):
    prefix = "dissolve"
    on = forms.DateField(label=gettext_lazy("Dissolved on"), widget=_DATE)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class OfficeForm(forms.Form):
    prefix = "office"
    title = forms.CharField(label=gettext_lazy("Title of the office"), max_length=texts.NAME)
    slug = forms.SlugField(
        label=gettext_lazy("Short name (letters, digits, hyphens)"), max_length=60
    )


class AppointForm(forms.Form):
    """Choose among the body's current full members."""

    prefix = "appoint"
    member = forms.ChoiceField(label=gettext_lazy("Full member"))
    start = forms.DateField(label=gettext_lazy("From"), widget=_DATE)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        field = self.fields["member"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (seat.member.number, f"{seat.member.name} ({seat.member.number})")
            for seat in composition(body).full
            if seat.member is not None
        ]


class EndTermForm(forms.Form):
    prefix = "end"
    because = forms.CharField(label=gettext_lazy("Reason"), max_length=texts.DETAIL)
    on = forms.DateField(label=gettext_lazy("Ended on"), widget=_DATE)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class SecretaryForm(forms.Form):
    """Name a login secretary of a body (the body page, for admins)."""

    prefix = "secretary"
    username = forms.CharField(
        label=gettext_lazy("Login name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )


class RemoveSecretaryForm(forms.Form):
    """Take a login off a body's secretaries: one button per secretary."""

    prefix = "secretary-remove"
    username = forms.CharField(max_length=150)
