"""The pages of votes (URL names are global, see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.voting import views

SITTING = "o/<slug:org_slug>/bodies/<slug:body_slug>/sittings/<int:number>/"
VOTE = SITTING + "votes/<int:vote_number>/"

urlpatterns: list[URLPattern] = [
    path(SITTING + "votes/", views.votes_page, name="sitting-votes"),
    path(SITTING + "votes/live/", views.votes_live, name="sitting-votes-live"),
    path(SITTING + "votes/open/", views.open_vote, name="sitting-vote-open"),
    path(SITTING + "votes/projector/", views.vote_projector, name="sitting-vote-projector"),
    path(
        SITTING + "votes/projector/live/",
        views.vote_projector_live,
        name="sitting-vote-projector-live",
    ),
    path(SITTING + "ballot/", views.ballot_panel, name="sitting-ballot-panel"),
    path(VOTE, views.vote_page, name="sitting-vote"),
    path(VOTE + "ballot/", views.cast, name="sitting-vote-cast"),
    path(VOTE + "close/", views.close_vote, name="sitting-vote-close"),
]
