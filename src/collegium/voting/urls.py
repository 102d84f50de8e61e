"""The pages of votes (URL names are global, see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.voting import election_views, proxy_views, views

SITTING = "o/<slug:org_slug>/bodies/<slug:body_slug>/sittings/<int:number>/"
VOTE = SITTING + "votes/<int:vote_number>/"
ELECTION = SITTING + "elections/<int:election_number>/"
BODY = "o/<slug:org_slug>/bodies/<slug:body_slug>/"

urlpatterns: list[URLPattern] = [
    path(BODY + "proxies/", proxy_views.proxies_page, name="body-proxies"),
    path(BODY + "proxies/give/", proxy_views.give, name="body-proxy-give"),
    path(BODY + "proxies/<int:proxy_id>/revoke/", proxy_views.revoke, name="body-proxy-revoke"),
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
    path(SITTING + "elections/", election_views.elections_page, name="sitting-elections"),
    path(SITTING + "elections/call/", election_views.call_election, name="sitting-election-call"),
    path(SITTING + "elections/recall/", election_views.open_recall, name="sitting-recall-open"),
    path(ELECTION, election_views.election_page, name="sitting-election"),
    path(ELECTION + "nominate/", election_views.nominate, name="sitting-election-nominate"),
    path(ELECTION + "consent/", election_views.consent, name="sitting-election-consent"),
    path(ELECTION + "ballot/", election_views.open_ballot, name="sitting-election-ballot"),
    path(ELECTION + "declare/", election_views.declare, name="sitting-election-declare"),
]
