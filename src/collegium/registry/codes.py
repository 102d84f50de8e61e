"""The journal codes of organizations and the membership register. Register data is
personal data (membership of a party or a union): only the organization's staff read it."""

from collegium.journal.codes import Audience, declare

STAFF = Audience.ORGANIZATION_STAFF

ORGANIZATION_CREATED = declare(
    "organization.created",
    Audience.PUBLIC,
    ["name", "slug"],
    "An operator created an organization (installation chain).",
)
ADMIN_ADDED = declare(
    "organization.admin.added", STAFF, ["username"], "A login became an administrator."
)
MEMBER_ADDED = declare(
    "register.member.added",
    STAFF,
    ["number", "name", "unit"],
    "A member was entered in the register.",
)
MEMBER_STATUS_CHANGED = declare(
    "register.member.status_changed",
    STAFF,
    ["number", "from", "to", "reason", "effective_on", "import_sha256"],
    "A member was suspended, reinstated or left, with the reason.",
)
MEMBER_LOGIN_LINKED = declare(
    "register.member.login_linked",
    STAFF,
    ["number", "username"],
    "A register entry was given its login.",
)
REGISTER_IMPORTED = declare(
    "register.import",
    STAFF,
    ["added", "updated", "status_changed", "unchanged", "not_in_file", "rows", "sha256"],
    "A register file was imported: counts and the file's SHA-256.",
)
