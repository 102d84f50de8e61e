"""A body's composition to download, for whoever may view the body: CSV and PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from collegium.access.permissions import Context, Permission, require
from collegium.bodies.exports.composition import composition_csv, composition_pdf
from collegium.bodies.models import Body
from collegium.bodies.queries import composition, organization_and_body


def _attachment(response: HttpResponse, body: Body, extension: str) -> HttpResponse:
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{body.slug}-{day}.{extension}"'
    return response


@require_GET
def composition_as_csv(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    _organization, body = organization_and_body(org_slug, body_slug)
    require(request.user, Permission.VIEW_BODY, Context.of_body(body))
    response = HttpResponse(
        composition_csv(composition(body)), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, body, "csv")


@require_GET
def composition_as_pdf(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    require(request.user, Permission.VIEW_BODY, Context.of_body(body))
    document = composition_pdf(composition(body), organization.name, timezone.localdate())
    return _attachment(HttpResponse(document, content_type="application/pdf"), body, "pdf")
