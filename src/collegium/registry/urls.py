"""This feature's pages. Names are global (see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.registry import upload, views

urlpatterns: list[URLPattern] = [
    path("o/<slug:org_slug>/members/import/", upload.import_members_view, name="member-import"),
    path("", views.home, name="home"),
    path("o/<slug:org_slug>/", views.organization_home, name="organization"),
    path("o/<slug:org_slug>/members/", views.register, name="register"),
    # Member numbers may contain '/' and '.', hence the `path` converter; any fixed route
    # under members/ (the import page) must come before this one.
    path("o/<slug:org_slug>/members/<path:number>/", views.member_page, name="member"),
]
