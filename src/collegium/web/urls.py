"""The pages that span features. Names are global (see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.web import pages

urlpatterns: list[URLPattern] = [
    path("", pages.home, name="home"),
    path("o/<slug:org_slug>/", pages.organization_home, name="organization"),
    # Member numbers may contain '/' and '.', hence the `path` converter; collegium/urls.py
    # includes this after the features' URLs, so their fixed routes under members/ (the
    # import page) come first.
    path("o/<slug:org_slug>/members/<path:number>/", pages.member_page, name="member"),
]
