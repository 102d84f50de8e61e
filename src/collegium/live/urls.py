"""The live streams (server-sent events). Names are global (see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.live import stream

urlpatterns: list[URLPattern] = [
    path("live/", stream.installation_live, name="live"),
    path("o/<slug:org_slug>/live/", stream.organization_live, name="organization-live"),
]
