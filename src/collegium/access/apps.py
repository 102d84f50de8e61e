from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "collegium.access"
    verbose_name = _("Roles and permissions")

    def ready(self) -> None:
        # Declares this feature's journal codes (record() refuses undeclared ones).
        from collegium.access import codes  # noqa: F401
