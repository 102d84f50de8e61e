"""This part's pages (URL names are global, see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.meetings.comparison import views

urlpatterns: list[URLPattern] = [
    path("o/<slug:org_slug>/what-the-rules-change/", views.rules_compared, name="rules-compared"),
]
