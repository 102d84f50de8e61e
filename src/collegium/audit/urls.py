"""This feature's pages. Names are global (see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.audit import views

urlpatterns: list[URLPattern] = [
    path("o/<slug:org_slug>/journal/", views.journal_page, name="journal"),
    path("o/<slug:org_slug>/journal/verify/", views.verify, name="journal-verify"),
    path("o/<slug:org_slug>/journal/export/", views.journal_export, name="journal-export"),
]
