"""This feature's pages. Names are global (see collegium/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
