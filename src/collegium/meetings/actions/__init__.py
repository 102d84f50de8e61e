"""Every change to a sitting, one function each (see each module). Pages, the API, the
CLI and the demo import them from here."""

from collegium.meetings.actions.agenda import (
    add_item,
    adopt_agenda,
    close_item,
    close_list,
    open_item,
)
from collegium.meetings.actions.floor import (
    ask_for_floor,
    call_next_speaker,
    end_speech,
    give_floor,
    pause_clock,
    start_clock,
    withdraw_own,
    withdraw_request,
)
from collegium.meetings.actions.minutes import sign_minutes
from collegium.meetings.actions.reports import (
    Document,
    register_counter_report,
    register_report,
)
from collegium.meetings.actions.roll import check_in, check_in_self, check_out, check_out_self
from collegium.meetings.actions.sittings import (
    cancel_sitting,
    close_sitting,
    convene_sitting,
    open_sitting,
    postpone_sitting,
)

__all__ = [
    "Document",
    "add_item",
    "adopt_agenda",
    "ask_for_floor",
    "call_next_speaker",
    "cancel_sitting",
    "check_in",
    "check_in_self",
    "check_out",
    "check_out_self",
    "close_item",
    "close_list",
    "close_sitting",
    "convene_sitting",
    "end_speech",
    "give_floor",
    "open_item",
    "open_sitting",
    "pause_clock",
    "postpone_sitting",
    "register_counter_report",
    "register_report",
    "sign_minutes",
    "start_clock",
    "withdraw_own",
    "withdraw_request",
]
