from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "collegium.bodies"
    verbose_name = _("Bodies")

    def ready(self) -> None:
        # Declares this feature's journal codes (record() refuses undeclared ones).
        # The rules package makes sentences (standing orders, decisions) without Django;
        # give it Django's translation, so pages show them in the reader's language.
        from django.utils.translation import gettext, ngettext

        from collegium.bodies import codes  # noqa: F401
        from collegium.rules import text

        text.install(gettext, ngettext)
