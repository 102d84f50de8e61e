"""ASGI entry point: `collegium serve` runs this under uvicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
django_application = get_asgi_application()

from collegium.http.body_limit import BodyLimit  # noqa: E402  (after Django is set up)
from collegium.voting.fast import FastBallots  # noqa: E402

# Bodies above the limit are refused before Django reads them (http/body_limit.py); a
# voter's ballot sent with an API token takes the lean path (voting/fast.py).
application = BodyLimit(FastBallots(django_application))
