"""This part's pages (URL names are global, see collegium/urls.py): the chair's, a
delegate's and the projector's screen, each with its live fragment, and the controls the
chair's and the delegates' screens post to."""

from django.urls import URLPattern, path

from collegium.meetings.screens import views

SITTING = "o/<slug:org_slug>/bodies/<slug:body_slug>/sittings/<int:number>/"

urlpatterns: list[URLPattern] = [
    path(SITTING + "chair/", views.chair, name="sitting-chair"),
    path(SITTING + "chair/live/", views.chair_live, name="sitting-chair-live"),
    path(SITTING + "chair/do/<slug:control>/", views.chair_do, name="sitting-chair-do"),
    path(SITTING + "delegate/", views.delegate, name="sitting-delegate"),
    path(SITTING + "delegate/live/", views.delegate_live, name="sitting-delegate-live"),
    path(SITTING + "delegate/do/<slug:control>/", views.delegate_do, name="sitting-delegate-do"),
    path(SITTING + "projector/", views.projector, name="sitting-projector"),
    path(SITTING + "projector/live/", views.projector_live, name="sitting-projector-live"),
]
