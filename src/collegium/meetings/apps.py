from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "collegium.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # `codes` declares this feature's journal codes (record() refuses undeclared ones).
        from collegium.journal.codes import Audience, declared
        from collegium.live import attachments
        from collegium.meetings import codes  # noqa: F401
        from collegium.meetings.screens import push

        # The floor's entries carry the delegates' screens' update (screens/push.py); it
        # may go only to those who read the sitting, the members.
        for code in (*push.PUSHED_CODES, *push.ROLL_CODES):
            if declared(code).audience != Audience.MEMBERS:
                raise ValueError(f"{code} is not for members: no screen update attached")
        attachments.register(push.PUSHED_CODES, push.delegate_update)
        attachments.register(push.ROLL_CODES, push.roll_update)
