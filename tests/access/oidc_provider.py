"""A minimal OpenID Connect provider for the tests: discovery, the authorization-code
flow, RS256-signed ID tokens, userinfo and the key set, on a local HTTP server. It signs
in whoever `identity` says, at once (a real provider would show its own sign-in page),
and can be told to misbehave: sign with a key it does not publish, or name another
audience."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "collegium-test"
CLIENT_SECRET = "s3cret-of-the-client"


@dataclass
class Grant:
    nonce: str
    redirect_uri: str
    claims: dict[str, Any]


@dataclass
class Provider:
    url: str = ""
    identity: dict[str, Any] = field(default_factory=dict)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    # Misbehaviour, for the tests that the client refuses it.
    sign_with: RSAKey | None = None
    audience: str = CLIENT_ID
    grants: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.url,
            "aud": self.audience,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
            **grant.claims,
        }
        key = self.sign_with or self.key
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _json(self, data: dict[str, Any], status: int = 200) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                base = provider.url
                self._json(
                    {
                        "issuer": base,
                        "authorization_endpoint": f"{base}/authorize",
                        "token_endpoint": f"{base}/token",
                        "userinfo_endpoint": f"{base}/userinfo",
                        "jwks_uri": f"{base}/jwks",
                        "response_types_supported": ["code"],
                        "subject_types_supported": ["public"],
                        "id_token_signing_alg_values_supported": ["RS256"],
                    }
                )
            elif url.path == "/jwks":
                self._json({"keys": [provider.key.as_dict(private=False)]})
            elif url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    self._json({"error": "invalid_request"}, 400)
                    return
                code = secrets.token_urlsafe(16)
                provider.grants[code] = Grant(
                    query.get("nonce", ""), query["redirect_uri"], dict(provider.identity)
                )
                target = (
                    query["redirect_uri"]
                    + "?"
                    + urlencode({"code": code, "state": query.get("state", "")})
                )
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
            elif url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                claims = provider.tokens.get(token)
                if claims is None:
                    self._json({"error": "invalid_token"}, 401)
                else:
                    self._json(claims)
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:
            if urlparse(self.path).path != "/token":
                self._json({"error": "not_found"}, 404)
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}":
                self._json({"error": "invalid_client"}, 401)
                return
            grant = provider.grants.pop(form.get("code", ""), None)
            if grant is None or grant.redirect_uri != form.get("redirect_uri"):
                self._json({"error": "invalid_grant"}, 400)
                return
            access = secrets.token_urlsafe(16)
            provider.tokens[access] = grant.claims
            self._json(
                {
                    "access_token": access,
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.id_token(grant),
                }
            )

    return Handler


class RunningProvider:
    """The provider on a free local port, in a thread, until stopped."""

    def __init__(self) -> None:
        self.provider = Provider()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.provider))
        self.provider.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def configured(settings: Any, monkeypatch: Any) -> Iterator[RunningProvider]:
    """The provider running, and Collegium's settings pointing at it (as "Test Union ID")."""
    running = RunningProvider()
    # The test provider speaks plain HTTP on 127.0.0.1; a real one must use HTTPS.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    settings.COLLEGIUM_OIDC_ISSUER = running.provider.url
    settings.COLLEGIUM_OIDC_CLIENT_ID = CLIENT_ID
    settings.COLLEGIUM_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.COLLEGIUM_OIDC_NAME = "Test Union ID"
    try:
        yield running
    finally:
        running.stop()
