"""`collegium` subcommands: journal (filled in by its feature)."""

from __future__ import annotations

from collegium.cli import app  # noqa: F401
