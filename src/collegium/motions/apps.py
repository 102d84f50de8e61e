from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    name = "collegium.motions"
    verbose_name = _("Motions")

    def ready(self) -> None:
        # `codes` declares this feature's journal codes (record() refuses undeclared ones).
        from collegium.motions import codes  # noqa: F401
        from collegium.motions.actions import deciding
        from collegium.voting.actions.closing import after_close

        # A vote on a motion or an amendment decides it when the vote closes.
        after_close(deciding.decided_by_vote)
