"""The journal codes of accounts and API tokens, on the installation's chain: for the
operators only (the token itself is never journaled, only its name and prefix)."""

from collegium.journal.codes import Audience, declare

OPS = Audience.OPERATORS

ACCOUNT_CREATED = declare("access.account.created", OPS, ["username"], "A login was created.")
OPERATOR_CREATED = declare(
    "access.operator.created", OPS, ["username"], "An operator login was created."
)
TOKEN_ISSUED = declare(
    "access.token.issued",
    OPS,
    ["user", "name", "prefix", "scope", "days"],
    "An API token was issued.",
)
TOKEN_REVOKED = declare(
    "access.token.revoked", OPS, ["user", "name", "prefix"], "An API token was revoked."
)
SSO_IDENTITY_LINKED = declare(
    "access.sso.linked",
    OPS,
    ["username", "issuer"],
    "A login was tied to its identity at the single sign-on provider.",
)
PASSWORD_CHOSEN = declare(
    "access.account.password_chosen",
    OPS,
    ["username"],
    "A login's password was chosen through an invitation's one-time link.",
)
