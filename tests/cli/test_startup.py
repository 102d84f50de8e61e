"""`collegium --help` stays quick: registering the commands imports neither Django nor the
rules (bench/README.md measures the time)."""

from __future__ import annotations

import subprocess
import sys

CHECK = (
    "import sys\n"
    "from collegium import cli\n"
    "cli._register()\n"
    "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'numpy', 'uvicorn')"
    " or m.startswith('collegium.rules'))\n"
    "print(' '.join(heavy))\n"
)


def test_registering_the_commands_imports_no_django():
    shown = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == ""
