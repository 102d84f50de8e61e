from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "collegium.registry"
    verbose_name = _("Membership register")

    def ready(self) -> None:
        # Declares this feature's journal codes (record() refuses undeclared ones).
        from collegium.registry import codes  # noqa: F401
