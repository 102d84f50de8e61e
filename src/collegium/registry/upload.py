"""The page for importing the membership register from a CSV file (admins only).

The file is read and checked by `registry.importing` and written by
`registry.actions.import_members`; this page only shows the outcome: the summary, or
every problem with its line number and the assurance that nothing was imported.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from collegium.access.permissions import Context, Permission, require
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.registry.actions import import_members
from collegium.registry.importing import COLUMNS, RegisterFileInvalid, parse_register
from collegium.registry.queries import organization_or_404

# Problems listed on the page; the rest are counted ("and 120 more").
PROBLEMS_SHOWN = 100
# 100,000 members are about 10 MB; a file far beyond that is not a register. (The API's
# import takes the same limit: http/body_limit.py refuses larger bodies on both.)
MAX_FILE_BYTES = settings.REGISTER_UPLOAD_MAX_BYTES


class RegisterUploadForm(forms.Form):
    register = forms.FileField(
        label=gettext_lazy("Register file (CSV)"),
        help_text=gettext_lazy("UTF-8, with a header row; comma or semicolon between fields."),
    )

    def clean_register(self) -> Any:
        upload = self.cleaned_data["register"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)d MB; at most %(limit)d MB can be imported.")
                % {"size": upload.size // 2**20, "limit": MAX_FILE_BYTES // 2**20}
            )
        return upload


@require_http_methods(["GET", "POST"])
def import_members_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = organization_or_404(org_slug)
    # A refusal leaves the view: RefusalMiddleware shows the 403 page (web/refusals.py).
    require(request.user, Permission.IMPORT_MEMBERS, Context(organization))

    if request.method == "POST":
        form = RegisterUploadForm(request.POST, request.FILES)
    else:
        form = RegisterUploadForm()
    context: dict[str, Any] = {"organization": organization, "form": form, "columns": COLUMNS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["register"]
        context["file_name"] = upload.name
        try:
            rows = parse_register(upload.read())
        except RegisterFileInvalid as invalid:
            context["problems"] = invalid.problems[:PROBLEMS_SHOWN]
            context["problem_count"] = len(invalid.problems)
            context["problems_hidden"] = max(0, len(invalid.problems) - PROBLEMS_SHOWN)
        else:
            actor = page_actor(request)
            outcome = attempt(
                lambda: import_members(actor=actor, organization=organization, rows=rows)
            )
            if outcome.done:
                context["summary"] = outcome.result
                context["rows"] = len(rows)
                context["sha256"] = rows.sha256
            else:
                context["error"] = outcome.refusal
    return render(request, "registry/import.html", context)
