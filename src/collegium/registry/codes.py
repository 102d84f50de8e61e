"""The journal codes of organizations and the membership register. Register data is
personal data (membership of a party or a union): only the organization's staff read it."""

from collegium.journal.codes import Audience, declare

STAFF = Audience.ORGANIZATION_STAFF

ORGANIZATION_CREATED = declare(
    "organization.created",
    Audience.PUBLIC,
    ["name", "slug", "languages", "time_zone"],
    "An operator created an organization (installation chain).",
)
ADMIN_ADDED = declare(
    "organization.admin.added", STAFF, ["username"], "A login became an administrator."
)
ADMIN_REMOVED = declare(
    "organization.admin.removed",
    STAFF,
    ["username"],
    "A login was removed from the administrators.",
)
REGISTER_ACCESS_CHANGED = declare(
    "organization.register_access.changed",
    Audience.MEMBERS,
    ["open_to_members"],
    "Whether members may open every member's page, or only their own, was changed.",
)
MEMBER_ADDED = declare(
    "register.member.added",
    STAFF,
    ["number", "name", "unit"],
    "A member was entered in the register.",
)
MEMBER_CORRECTED = declare(
    "register.member.corrected",
    STAFF,
    ["number", "field", "old", "new"],
    "A member's name, email or unit was corrected: one entry per field, old and new value.",
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
MEMBER_INVITED = declare(
    "register.member.invited",
    STAFF,
    ["number", "username"],
    "A member was invited by email to choose a password for their login.",
)
