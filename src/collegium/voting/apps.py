from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "collegium.voting"
    verbose_name = _("Voting")

    def ready(self) -> None:
        # `codes` declares this feature's journal codes (record() refuses undeclared ones).
        from collegium.voting import codes  # noqa: F401
