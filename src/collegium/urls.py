"""URL map: each feature contributes its own `urls.py`, and `web` the pages that span
features (home, organization, member); the API lives under /api/.

URL names are global and short (home, organization, register, member, member-import,
body, journal, login, logout); templates use them with {% url %}.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from collegium.access.login import ThrottledLoginView
from collegium.api import api
from collegium.http.api_routes import api_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Throttled: wrong passwords in a row lock the account and the address out for a while.
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Every answer under /api/ is JSON, an unknown path or a wrong method too.
    path("api/", api_urls(api)),
    path("", include("collegium.registry.urls")),
    path("", include("collegium.bodies.urls")),
    path("", include("collegium.meetings.urls")),
    path("", include("collegium.voting.urls")),
    path("", include("collegium.register.urls")),
    path("", include("collegium.motions.urls")),
    path("", include("collegium.live.urls")),
    path("", include("collegium.audit.urls")),
    # Last: the member page's route takes any path under o/<org>/members/.
    path("", include("collegium.web.urls")),
]

# What Django refuses before any view (a malformed upload, say): JSON under /api/.
handler400 = "collegium.http.api_routes.bad_request"
# An exception no view answered: 503 when the database had no connection to give
# (collegium/http/overload.py), else 500: JSON under /api/, Django's 500 page elsewhere.
handler500 = "collegium.http.overload.server_error"
