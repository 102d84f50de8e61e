"""The foreign parties' delegations at the Twentieth Congress, named where the record
allows: the parties of the people's democracies and the larger Western and Asian parties
whose delegations (and often their leaders) are known to have attended. The other seats
of the 55 stay "Foreign party delegation no. N" rather than guess."""

from __future__ import annotations

NAMED_DELEGATIONS = [
    "Communist Party of China",
    "Polish United Workers' Party",
    "Communist Party of Czechoslovakia",
    "Hungarian Working People's Party",
    "Socialist Unity Party of Germany",
    "Romanian Workers' Party",
    "Bulgarian Communist Party",
    "Workers' Party of Korea",
    "Workers' Party of Vietnam",
    "Mongolian People's Revolutionary Party",
    "French Communist Party",
    "Italian Communist Party",
    "Party of Labour of Albania",
    "Communist Party of Great Britain",
    "Communist Party of Finland",
    "Communist Party of Austria",
    "Communist Party of Germany",
    "Communist Party of Spain",
    "Communist Party of Denmark",
    "Labor-Progressive Party (Canada)",
    "Communist Party of India",
    "Communist Party of Greece",
    "Communist Party of Sweden",
    "Communist Party of Norway",
    "Communist Party of Belgium",
    "Communist Party of the Netherlands",
    "Syrian Communist Party",
    "Communist Party of Argentina",
]


def delegation_name(number: int) -> str:
    """The name of the guest delegation seated `number`th (from 1)."""
    if number <= len(NAMED_DELEGATIONS):
        return NAMED_DELEGATIONS[number - 1]
    return f"Foreign party delegation no. {number}"
