from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "collegium.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Declares this feature's journal codes (record() refuses undeclared ones).
        from collegium.meetings import codes  # noqa: F401
