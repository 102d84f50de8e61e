"""Production settings from the environment (docs/operations.md): secure cookies, HSTS,
the proxy's TLS header; and the development key refused off loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import typer

SHOW = (
    "from django.conf import settings; import json; print(json.dumps({name: getattr(settings, "
    "name, None) for name in ('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
    "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER')}))"
)


def _settings(**env: str) -> dict[str, object]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "collegium.settings", **env}
    for name in (
        "COLLEGIUM_SECURE_COOKIES",
        "COLLEGIUM_HSTS_SECONDS",
        "COLLEGIUM_PROXY_TLS_HEADER",
    ):
        if name not in env:
            environment.pop(name, None)
    shown = subprocess.run(
        [sys.executable, "-c", SHOW], env=environment, capture_output=True, text=True, check=True
    )
    return dict(json.loads(shown.stdout))


def test_by_default_nothing_assumes_tls():
    assert _settings() == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_behind_a_tls_proxy():
    assert _settings(
        COLLEGIUM_SECURE_COOKIES="1",
        COLLEGIUM_HSTS_SECONDS="31536000",
        COLLEGIUM_PROXY_TLS_HEADER="1",
    ) == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_the_development_key_is_refused_off_loopback(settings, monkeypatch):
    from django.conf import settings as django_settings

    from collegium.cli.server import _refuse_development_key

    development_key = django_settings.DEVELOPMENT_SECRET_KEY

    monkeypatch.delenv("COLLEGIUM_DEMO", raising=False)
    settings.DEBUG = False
    settings.SECRET_KEY = development_key
    for host in ("127.0.0.1", "::1", "localhost"):
        _refuse_development_key(host, demo=False)
    _refuse_development_key("0.0.0.0", demo=True)  # `collegium demo`
    with pytest.raises(typer.Exit):
        _refuse_development_key("0.0.0.0", demo=False)
    with pytest.raises(typer.Exit):
        _refuse_development_key("192.0.2.1", demo=False)
    monkeypatch.setenv("COLLEGIUM_DEMO", "1")
    _refuse_development_key("0.0.0.0", demo=False)
    monkeypatch.delenv("COLLEGIUM_DEMO")
    settings.SECRET_KEY = "an operator's own key"
    _refuse_development_key("0.0.0.0", demo=False)
