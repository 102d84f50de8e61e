"""Where the shared test data lives: `../shared/data` beside the repository (as on the
developers' machines and in CI), or wherever COLLEGIUM_SHARED_DATA points."""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("COLLEGIUM_SHARED_DATA", REPOSITORY.parent / "shared" / "data"))
STV_DATA = SHARED_DATA / "stv"
