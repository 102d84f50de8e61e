"""Every change to a motion or an amendment, one function each. Pages, the API and the
demo import them from here."""

from collegium.motions.actions.amending import (
    propose_amendment,
    recommend_change,
    withdraw_amendment,
)
from collegium.motions.actions.motions import (
    recommend,
    refer_motion,
    submit_motion,
    support_motion,
    table_motion,
    withdraw_motion,
)
from collegium.motions.actions.procedural import (
    move_procedural,
    put_procedural_to_vote,
    rule_on_procedural,
    second_procedural,
    withdraw_procedural,
)
from collegium.motions.actions.voting import put_amendment_to_vote, put_motion_to_vote

__all__ = [
    "move_procedural",
    "propose_amendment",
    "put_amendment_to_vote",
    "put_motion_to_vote",
    "put_procedural_to_vote",
    "recommend",
    "recommend_change",
    "refer_motion",
    "rule_on_procedural",
    "second_procedural",
    "submit_motion",
    "support_motion",
    "table_motion",
    "withdraw_amendment",
    "withdraw_motion",
    "withdraw_procedural",
]
