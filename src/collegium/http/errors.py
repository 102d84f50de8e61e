"""The 404 that lookups raise, for pages and the API alike."""

from __future__ import annotations

from django.http import Http404


class NotFound(Http404):
    """Something named in the URL does not exist; the message says what. A page shows it
    as the 404 page, the API answers 404 with the message (http.api_errors)."""
