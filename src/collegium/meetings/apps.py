from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "collegium.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # `codes` declares this feature's journal codes (record() refuses undeclared ones).
        from collegium.journal.codes import Audience, all_codes
        from collegium.live import attachments
        from collegium.meetings import codes  # noqa: F401
        from collegium.meetings.screens import push

        # A sitting's entries carry the delegates' screens' update (screens/push.py), for
        # those who read the sitting: the members.
        declared = [code.code for code in all_codes()]
        attachments.register(
            push.screen_codes(declared), push.delegate_update, audience=Audience.MEMBERS
        )
        attachments.register(push.ROLL_CODES, push.roll_update, audience=Audience.MEMBERS)
