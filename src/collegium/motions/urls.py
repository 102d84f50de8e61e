"""The motion pages (URL names are global, see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.motions import procedural_views, views

BODY = "o/<slug:org_slug>/bodies/<slug:body_slug>/"
MOTION = BODY + "motions/<int:number>/"
SITTING = BODY + "sittings/<int:number>/"
PROCEDURAL = SITTING + "procedural/<int:motion>/"

urlpatterns: list[URLPattern] = [
    path(BODY + "motions/", views.motions_page, name="body-motions"),
    path(BODY + "motions/submit/", views.submit, name="motion-submit"),
    path(BODY + "motions/book.pdf", views.motion_book, name="motion-book"),
    path(MOTION, views.motion_page, name="motion"),
    path(MOTION + "support/", views.support, name="motion-support"),
    path(MOTION + "table/", views.table, name="motion-table"),
    path(MOTION + "withdraw/", views.withdraw, name="motion-withdraw"),
    path(MOTION + "refer/", views.refer, name="motion-refer"),
    path(MOTION + "recommend/", views.recommend, name="motion-recommend"),
    path(MOTION + "amendments/", views.amend, name="motion-amend"),
    path(MOTION + "changes/", views.recommend_change, name="motion-change"),
    path(
        MOTION + "amendments/<int:amendment>/withdraw/",
        views.withdraw_amendment,
        name="amendment-withdraw",
    ),
    path(MOTION + "amendments/vote/", views.put_amendment, name="amendment-vote"),
    path(MOTION + "vote/", views.put_motion, name="motion-vote"),
    # Procedural motions at a sitting.
    path(SITTING + "procedural/", procedural_views.procedural_page, name="sitting-procedural"),
    path(SITTING + "procedural/move/", procedural_views.move, name="sitting-procedural-move"),
    path(PROCEDURAL + "second/", procedural_views.second, name="sitting-procedural-second"),
    path(PROCEDURAL + "withdraw/", procedural_views.withdraw, name="sitting-procedural-withdraw"),
    path(PROCEDURAL + "vote/", procedural_views.put_to_vote, name="sitting-procedural-vote"),
    path(PROCEDURAL + "rule/", procedural_views.rule, name="sitting-procedural-rule"),
]
