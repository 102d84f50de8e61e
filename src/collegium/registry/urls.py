"""This feature's pages. Names are global (see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.registry import upload, views

# Included before collegium.web.urls: its member route (o/<org>/members/<number>/) takes
# any path under members/, so the fixed routes here must be tried first.
urlpatterns: list[URLPattern] = [
    path("organizations/new/", views.organization_new, name="organization-new"),
    path("o/<slug:org_slug>/members/import/", upload.import_members_view, name="member-import"),
    path("o/<slug:org_slug>/members/new/", views.member_new, name="member-new"),
    path("o/<slug:org_slug>/members/export/", views.register_export, name="member-export"),
    path("o/<slug:org_slug>/members/", views.register, name="register"),
]
