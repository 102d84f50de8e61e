from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "collegium.voting"
    verbose_name = _("Voting")

    def ready(self) -> None:
        # `codes` declares this feature's journal codes (record() refuses undeclared ones).
        from collegium.journal.codes import Audience
        from collegium.live import attachments
        from collegium.voting import (
            codes,  # noqa: F401
            push,
        )

        # A vote's close carries the result as members see it to the delegates' screens.
        attachments.register(push.RESULT_CODES, push.result_update, audience=Audience.MEMBERS)
