"""ASGI entry point: `collegium serve` runs this under uvicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
application = get_asgi_application()
