"""This feature's pages. Names are global (see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.bodies import views

urlpatterns: list[URLPattern] = [
    path("o/<slug:org_slug>/bodies/<slug:body_slug>/", views.body_page, name="body"),
    path("o/<slug:org_slug>/bodies/<slug:body_slug>/seats/", views.seat, name="body-seat"),
    path("o/<slug:org_slug>/bodies/<slug:body_slug>/vacate/", views.vacate, name="body-vacate"),
]
