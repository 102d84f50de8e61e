"""The HTTP API: one NinjaAPI, with a router per feature (each feature's api.py) and one
for the endpoints that span features (web/api.py).
OpenAPI document at /api/openapi.json, interactive docs at /api/docs (served from the
vendored Swagger UI files of the `ninja` app, so it works without internet)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from collegium.audit.api import router as journal_router
from collegium.bodies.api import router as bodies_router
from collegium.http.api_auth import READ
from collegium.http.api_errors import install_error_handlers
from collegium.http.api_schema import declare_errors
from collegium.meetings.api import router as sittings_router
from collegium.motions.amendment_api import router as amendments_router
from collegium.motions.api import router as motions_router
from collegium.motions.procedural_api import router as procedural_router
from collegium.register.api import router as register_router
from collegium.registry.api import router as registry_router
from collegium.voting.api import router as votes_router
from collegium.voting.election_api import router as elections_router
from collegium.voting.proxy_api import router as proxies_router
from collegium.web.api import router as members_router
from collegium.web.invitations_api import router as invitations_router
from collegium.web.tokens_api import router as tokens_router


class CollegiumApi(NinjaAPI):
    """Ninja's API, whose OpenAPI document declares the error answers every operation may
    give (http.api_schema)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_errors(document)
        return document


api = CollegiumApi(
    title="Collegium API",
    version="1",
    description=(
        "Everything the Collegium pages do, as typed HTTP endpoints. Scripts authenticate "
        "with `Authorization: Bearer <token>` (issue one at POST /api/tokens while signed "
        "in, not with a token; it expires, 90 days by default, and a `read` token is refused "
        "with 403 on changes); the pages' session works too, with its CSRF token on changes. "
        "Without either, a caller has the public role, and a change answers 401. Every "
        'error is JSON: `{"detail": …, "rule": …, "problems": […]}`, where `rule` '
        "names the rule that refused. A refused change answers 400 with the rule's message, "
        "a missing permission 403, something named in the address that does not exist 404, "
        "input that does not fit the operation 422 (`problems` lists each field), a wrong "
        "method 405, a body above the limit 413."
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    # The default for every endpoint (writes narrow it to WRITE); also tells the docs page
    # to send the session's CSRF token when trying out a change.
    auth=READ,
)
install_error_handlers(api)
api.add_router("", registry_router)
# After the register's router: its fixed routes under members/ (the import) must come
# before the member route, which takes any path there.
api.add_router("", invitations_router)
api.add_router("", members_router)
api.add_router("", bodies_router)
api.add_router("", sittings_router)
api.add_router("", votes_router)
api.add_router("", elections_router)
api.add_router("", proxies_router)
api.add_router("", motions_router)
api.add_router("", amendments_router)
api.add_router("", procedural_router)
api.add_router("", register_router)
api.add_router("", journal_router)
api.add_router("", tokens_router)
