"""The register's and publications' pages (URL names are global, see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.register import feeds, views

BODY = "o/<slug:org_slug>/bodies/<slug:body_slug>/"
DECISION = BODY + "register/<int:year>/<int:number>/"

urlpatterns: list[URLPattern] = [
    path(BODY + "register/", views.register_page, name="register-decisions"),
    path(BODY + "register.json", views.register_as_json, name="register-json"),
    path(BODY + "register.csv", views.register_as_csv, name="register-csv"),
    path(BODY + "register.pdf", views.register_as_pdf, name="register-pdf"),
    path(DECISION, views.decision_page, name="register-decision"),
    path(DECISION + "dissent/", views.dissent, name="register-dissent"),
    path(BODY + "publications/", feeds.publications_page, name="body-publications"),
    path(BODY + "feed.atom", feeds.atom_feed, name="body-feed"),
]
