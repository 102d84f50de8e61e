"""Where the test data lives: `tests/data/` in the repository (see tests/data/README.md
for each file's source and licence)."""

from __future__ import annotations

from pathlib import Path

TEST_DATA = Path(__file__).resolve().parent / "data"
STV_DATA = TEST_DATA / "stv"
