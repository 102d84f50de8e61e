"""Roles are held through the register and the bodies (Organization.admins,
Body.secretaries, Member.user); this app has no tables of its own."""
