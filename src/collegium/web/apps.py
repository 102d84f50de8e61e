from django.apps import AppConfig


class WebConfig(AppConfig):
    """Installed for its templates (web/templates/web/); it has no models."""

    name = "collegium.web"
