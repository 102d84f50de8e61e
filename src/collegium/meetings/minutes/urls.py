"""This part's pages (URL names are global, see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.meetings.minutes import views

SITTING = "o/<slug:org_slug>/bodies/<slug:body_slug>/sittings/<int:number>/"

urlpatterns: list[URLPattern] = [
    path(SITTING + "minutes/", views.minutes_page, name="sitting-minutes"),
    path(SITTING + "minutes.html", views.minutes_document, name="sitting-minutes-html"),
    path(SITTING + "minutes.pdf", views.minutes_as_pdf, name="sitting-minutes-pdf"),
    path(SITTING + "minutes/sign/", views.sign, name="sitting-minutes-sign"),
]
