"""The pages that span features. Names are global (see collegium/urls.py)."""

from django.templatetags.static import static
from django.urls import URLPattern, path
from django.views.generic import RedirectView, TemplateView

from collegium.web import accounts, pages, sso

urlpatterns: list[URLPattern] = [
    # Browsers and feed readers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", RedirectView.as_view(url=static("collegium/favicon.svg"), permanent=True)),
    path("", pages.home, name="home"),
    path("login/sso/", sso.sso_start, name="sso-start"),
    path("login/sso/callback/", sso.sso_callback, name="sso-callback"),
    path("me/", pages.my_page, name="me"),
    path("o/<slug:org_slug>/", pages.organization_home, name="organization"),
    path("o/<slug:org_slug>/people/", pages.people, name="people"),
    path("welcome/<str:token>/", accounts.welcome, name="welcome"),
    path("password/reset/", accounts.password_reset, name="password-reset"),
    path(
        "password/reset/sent/",
        TemplateView.as_view(template_name="registration/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path("o/<slug:org_slug>/members/invite/", accounts.invite_page, name="member-invite"),
    # Member numbers may contain '/' and '.', hence the `path` converter; collegium/urls.py
    # includes this after the features' URLs, so their fixed routes under members/ (the
    # import page) come first.
    path("o/<slug:org_slug>/members/<path:number>/", pages.member_page, name="member"),
]
