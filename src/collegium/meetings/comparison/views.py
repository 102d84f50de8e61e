"""The page "What the rules change": the 1956 practice and the Lenin-era rules side by
side for an organization's congress. Public, like the standing orders themselves: it
shows only what the presets say and the congress's size."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from collegium.access.permissions import Permission, roles_of
from collegium.http.refusals import may
from collegium.meetings.comparison.compared import (
    COUNTER_REPORT_SIGNATURES,
    changes,
    columns,
    congress_of,
    sittings_held,
)
from collegium.registry.queries import organization_or_404


@require_GET
def rules_compared(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = organization_or_404(org_slug)
    congress = congress_of(organization)
    if congress is None:
        raise Http404(_("This organization has no body yet whose rules could be compared."))
    roles = roles_of(request.user, organization)
    context = {
        "organization": organization,
        "congress": congress,
        "signatures": COUNTER_REPORT_SIGNATURES,
        "columns": columns(congress.full_seats),
        "changes": changes(),
        "sittings": sittings_held(congress),
        "may_view_register": may(roles, Permission.VIEW_REGISTER),
    }
    return render(request, "meetings/comparison/rules_compared.html", context)
