"""A body's publications: the page, and the same as an Atom feed (a feed reader is a
visitor: it reads what the orders publish to the public; a signed-in browser reads what
its user may)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from collegium.access.visibility import reader_scope
from collegium.bodies.queries import organization_and_body
from collegium.register.publications import published


@require_GET
def publications_page(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    scope = reader_scope(request.user, organization)
    return render(
        request,
        "register/publications.html",
        {"organization": organization, "body": body, "publications": published(body, scope)},
    )


@require_GET
def atom_feed(request: HttpRequest, org_slug: str, body_slug: str) -> HttpResponse:
    organization, body = organization_and_body(org_slug, body_slug)
    items = published(body, reader_scope(request.user, organization))
    page = request.build_absolute_uri(
        reverse("body-publications", args=(organization.slug, body.slug))
    )
    feed = feedgenerator.Atom1Feed(
        title=_("%(body)s: publications") % {"body": body.name},
        link=page,
        description=_("What %(body)s publishes: decisions, reports, minutes, opinions.")
        % {"body": body.name},
        feed_url=request.build_absolute_uri(),
        language=getattr(request, "LANGUAGE_CODE", None),
        feed_guid=page,
    )
    for item in items:
        feed.add_item(
            title=f"{item.kind_label}: {item.title}",
            link=request.build_absolute_uri(item.path),
            description=item.text,
            unique_id=f"{page}#{item.uid}",
            pubdate=item.when,
            updateddate=item.when,
            categories=[item.kind],
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
