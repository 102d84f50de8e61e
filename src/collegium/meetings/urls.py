"""The pages of sittings: the secretariat's sitting pages (sittings/), the three live
screens (screens/), the minutes (minutes/) and what the rules change (comparison/).
Names are global (see collegium/urls.py)."""

from django.urls import URLPattern

from collegium.meetings.comparison import urls as comparison
from collegium.meetings.minutes import urls as minutes
from collegium.meetings.screens import urls as screens
from collegium.meetings.sittings import urls as sittings

urlpatterns: list[URLPattern] = [
    *sittings.urlpatterns,
    *screens.urlpatterns,
    *minutes.urlpatterns,
    *comparison.urlpatterns,
]
