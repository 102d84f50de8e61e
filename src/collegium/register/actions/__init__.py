"""Every change to the register, one function each: entering a decision (from the
actions that decide it: motions, elections, orders, recalls) and attaching a dissenting
opinion. Pages, the API and the demo import them from here."""

from collegium.register.actions.dissenting import attach_dissent
from collegium.register.actions.entering import enter_resolution

__all__ = ["attach_dissent", "enter_resolution"]
