"""The page for importing the membership register from a CSV file (admins only).

The file is read and checked by `registry.importing` and written by
`registry.actions.import_members`; this page only shows the outcome: the summary, or
the first problems with their line numbers, how many there are, and the assurance that
nothing was imported. The outcome is shown by the page the POST redirects to.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from collegium.access.permissions import Context, Permission, require
from collegium.http.actors import page_actor
from collegium.http.refusals import attempt
from collegium.registry.actions import ImportSummary, import_members
from collegium.registry.importing import COLUMNS, RegisterFileInvalid, parse_register
from collegium.registry.models import Organization
from collegium.registry.queries import organization_or_404

# Problems listed on the page; the rest are counted ("and 120 more").
PROBLEMS_SHOWN = 100
# The session key of the last import's outcome, shown by the page the POST redirects to.
IMPORT_RESULT = "register-import-result"
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
    here = reverse("member-import", args=[organization.slug])
    if request.method == "POST":
        # The outcome is kept in the session and the POST answered with a redirect to it,
        # so that reloading the result shows it again and never imports again.
        outcome = _import(request, organization)
        result_id = secrets.token_urlsafe(8)
        request.session[IMPORT_RESULT] = {"id": result_id, **outcome}
        return HttpResponseRedirect(f"{here}?{urlencode({'result': result_id})}", status=303)
    context: dict[str, Any] = {
        "organization": organization,
        "form": RegisterUploadForm(),
        "columns": COLUMNS,
    }
    kept = request.session.get(IMPORT_RESULT)
    if kept is not None and kept["id"] == request.GET.get("result"):
        context.update(kept)
        context["summary"] = kept["summary"] and ImportSummary(**kept["summary"])
    return render(request, "registry/import.html", context)


def _import(request: HttpRequest, organization: Organization) -> dict[str, Any]:
    """Check and import the posted file; what the result page shows, as plain data."""
    form = RegisterUploadForm(request.POST, request.FILES)
    outcome: dict[str, Any] = {"summary": None}
    if not form.is_valid():
        outcome["upload_errors"] = [str(e) for errors in form.errors.values() for e in errors]
        return outcome
    upload = form.cleaned_data["register"]
    outcome["file_name"] = upload.name
    try:
        rows = parse_register(upload.read())
    except RegisterFileInvalid as invalid:
        outcome["problems"] = [str(p) for p in invalid.problems[:PROBLEMS_SHOWN]]
        outcome["problem_count"] = invalid.count
        outcome["problems_hidden"] = max(0, invalid.count - PROBLEMS_SHOWN)
        return outcome
    actor = page_actor(request)
    done = attempt(lambda: import_members(actor=actor, organization=organization, rows=rows))
    if done.result is not None:
        outcome["summary"] = asdict(done.result)
        outcome["rows"] = len(rows)
        outcome["sha256"] = rows.sha256
    else:
        outcome["error"] = done.refusal
    return outcome
