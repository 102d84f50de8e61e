"""Django settings. Everything an operator sets comes from the environment (docs/operations.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# Where the embedded SQLite database and uploads live unless DATABASE_URL says otherwise.
DATA_DIR = Path(os.environ.get("COLLEGIUM_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("COLLEGIUM_DEBUG", "0") == "1"
# The demo and the tests run with a fixed development key; production must set its own:
# `collegium serve` refuses it with debug off unless it listens on a loopback address or
# serves the demo (collegium/cli/server.py).
DEVELOPMENT_SECRET_KEY = "collegium-development-key-not-for-production"
SECRET_KEY = os.environ.get("COLLEGIUM_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = os.environ.get("COLLEGIUM_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("COLLEGIUM_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]


def _flag(name: str) -> bool:
    value = os.environ.get(name, "0")
    if value not in ("0", "1", ""):
        raise ValueError(f"{name} must be 0 or 1, not {value!r}")
    return value == "1"


# Behind TLS (docs/operations.md, Serving): cookies sent over HTTPS only, HSTS, and the
# proxy's header telling Django that the client's request came over HTTPS.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("COLLEGIUM_SECURE_COOKIES")
try:
    SECURE_HSTS_SECONDS = int(os.environ.get("COLLEGIUM_HSTS_SECONDS", "0") or 0)
except ValueError:
    raise ValueError("COLLEGIUM_HSTS_SECONDS must be a number of seconds") from None
if _flag("COLLEGIUM_PROXY_TLS_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "collegium.journal",
    "collegium.registry",
    "collegium.bodies",
    "collegium.meetings",
    "collegium.voting",
    "collegium.register",
    "collegium.motions",
    "collegium.access",
    "collegium.audit",
    "collegium.web",
    # Serves the Swagger UI files for /api/docs locally instead of from a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL character in the path, query or body becomes 400 (collegium/http/bad_input.py).
    "collegium.http.bad_input.BadInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page's 405 (a form's target opened as a link) in the site's style (web/failures.py).
    "collegium.web.failures.MethodNotAllowedPage",
    # A page's refusal of permission becomes the 403 page (collegium/web/refusals.py).
    "collegium.http.refusals.RefusalMiddleware",
    # No database connection to be had becomes 503 with Retry-After (collegium/http/overload.py).
    "collegium.http.overload.OverloadMiddleware",
]

ROOT_URLCONF = "collegium.urls"
ASGI_APPLICATION = "collegium.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                # The sign-in page's single sign-on button (web/sso.py).
                "collegium.web.sso.sso_context",
            ],
        },
    },
]


# PostgreSQL: each server process keeps a pool of at most this many connections, shared
# by all its requests (ASGI runs every request's sync code in a thread of its own, so
# per-thread persistent connections would grow without bound). A request that finds every
# connection busy waits up to COLLEGIUM_DB_POOL_TIMEOUT seconds, then gets a 503 with
# Retry-After (collegium/http/overload.py). 0 turns the pool off (a connection per request).
DB_POOL_MAX = int(os.environ.get("COLLEGIUM_DB_POOL_MAX", "10"))
DB_POOL_TIMEOUT = float(os.environ.get("COLLEGIUM_DB_POOL_TIMEOUT", "10"))


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        # With a pool, Django must not keep connections itself: CONN_MAX_AGE 0 returns each
        # to the pool when the request ends.
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=0))
        if config["ENGINE"] == "django.db.backends.postgresql" and DB_POOL_MAX > 0:
            options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
            options["pool"] = {
                "min_size": 1,
                "max_size": DB_POOL_MAX,
                "timeout": DB_POOL_TIMEOUT,
                # Connections beyond min_size idle this long are closed.
                "max_idle": 60,
            }
            config["OPTIONS"] = options
        return config
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "collegium.sqlite3",
        # IMMEDIATE takes the write lock when a transaction starts, so two actions can never
        # read the same journal head and fork the hash chain; WAL lets readers go on meanwhile.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        "TEST": {"NAME": os.environ.get("COLLEGIUM_TEST_SQLITE")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Applied wherever an account gets a password: access.actions.create_account (so the
# `collegium createadmin` command too); the demo's fixed password passes them.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (collegium/access/login.py): after this many wrong passwords within
# COLLEGIUM_LOGIN_WINDOW seconds, for one account or from one address, sign-in is refused
# until the window has passed.
COLLEGIUM_LOGIN_FAILURES_PER_ACCOUNT = int(
    os.environ.get("COLLEGIUM_LOGIN_FAILURES_PER_ACCOUNT", "5")
)
COLLEGIUM_LOGIN_FAILURES_PER_ADDRESS = int(
    os.environ.get("COLLEGIUM_LOGIN_FAILURES_PER_ADDRESS", "20")
)
COLLEGIUM_LOGIN_WINDOW = int(os.environ.get("COLLEGIUM_LOGIN_WINDOW", str(15 * 60)))
# API tokens expire after COLLEGIUM_TOKEN_DAYS days unless issued with another lifetime,
# which may not exceed COLLEGIUM_TOKEN_MAX_DAYS.
COLLEGIUM_TOKEN_DAYS = int(os.environ.get("COLLEGIUM_TOKEN_DAYS", "90"))
COLLEGIUM_TOKEN_MAX_DAYS = int(os.environ.get("COLLEGIUM_TOKEN_MAX_DAYS", "365"))
# Email (invitations, password resets): through COLLEGIUM_SMTP_HOST when it is set;
# otherwise each message is written as a file under DATA_DIR/mail, where an operator
# (or the demo's user) can read it. Tests use Django's in-memory backend.
if os.environ.get("COLLEGIUM_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["COLLEGIUM_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("COLLEGIUM_SMTP_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("COLLEGIUM_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("COLLEGIUM_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("COLLEGIUM_SMTP_TLS", "1") == "1"
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("COLLEGIUM_MAIL_FROM", "Collegium <collegium@localhost>")
# How long an invitation's link and a password reset's link stay valid.
COLLEGIUM_INVITATION_DAYS = int(os.environ.get("COLLEGIUM_INVITATION_DAYS", "14"))
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Single sign-on by OpenID Connect (web/sso.py), on when an issuer and a client id are
# set: the provider's discovery document is read from the issuer. COLLEGIUM_OIDC_NAME is
# what the sign-in page's button calls the provider.
COLLEGIUM_OIDC_ISSUER = os.environ.get("COLLEGIUM_OIDC_ISSUER", "")
COLLEGIUM_OIDC_CLIENT_ID = os.environ.get("COLLEGIUM_OIDC_CLIENT_ID", "")
COLLEGIUM_OIDC_CLIENT_SECRET = os.environ.get("COLLEGIUM_OIDC_CLIENT_SECRET", "")
COLLEGIUM_OIDC_NAME = os.environ.get("COLLEGIUM_OIDC_NAME", "single sign-on")
# A failed CSRF check keeps what was typed and offers to send it again (web/failures.py).
CSRF_FAILURE_VIEW = "collegium.web.failures.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
# One date format and one date-and-time format per language (collegium/formats/).
FORMAT_MODULE_PATH = ["collegium.formats"]
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
# The site-wide stylesheet and vendored htmx live in the collegium package itself.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Only set when an operator collects static files; the package's files are served directly.
STATIC_ROOT = os.environ.get("COLLEGIUM_STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the package directory without a collectstatic step.
WHITENOISE_USE_FINDERS = True

# Upload limit for membership registers: 100,000 rows are about 10 MB.
REGISTER_UPLOAD_MAX_BYTES = 64 * 1024 * 1024
# Request bodies (collegium/http/body_limit.py, before Django reads them): at most this
# on every route but the register's import, whose limit is the file's plus room for the
# form around it.
REQUEST_BODY_MAX_BYTES = 1024 * 1024
UPLOAD_BODY_MAX_BYTES = REGISTER_UPLOAD_MAX_BYTES + 1024 * 1024
# A report's form: its PDF document (at most 10 MB, meetings/actions/reports.py) and a
# text of up to 200,000 characters.
REPORT_BODY_MAX_BYTES = 12 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 * 1024
# Bodies larger than this are spooled to a temporary file instead of memory (Django's
# default, 2.5 MB): an uploaded register is read from disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440

# Live updates (docs/operations.md): "memory" reaches this process's pages only; with
# more than one server process, "redis" carries each committed action to all of them.
COLLEGIUM_LIVE_BACKEND = os.environ.get("COLLEGIUM_LIVE_BACKEND", "memory")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# The Redis pub/sub channel: installations (or test runs) sharing one Redis differ here.
COLLEGIUM_LIVE_CHANNEL = os.environ.get("COLLEGIUM_LIVE_CHANNEL", "collegium:live")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("COLLEGIUM_LOG_LEVEL", "WARNING")},
}
