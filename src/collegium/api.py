"""The HTTP API: one NinjaAPI, with a router per feature (each feature's api.py).
OpenAPI document at /api/openapi.json, interactive docs at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Collegium API",
    version="1",
    description="Everything the Collegium pages do, as typed HTTP endpoints.",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
