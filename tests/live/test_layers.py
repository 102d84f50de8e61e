"""The bus sits below the journal: it may import nothing of ours but its events."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import collegium.live

LIVE = Path(collegium.live.__file__).parent
BELOW_THE_JOURNAL = ["__init__.py", "bus.py", "events.py"]


def _our_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {name for name in names if name.split(".")[0] == "collegium"}
    return found


def test_the_bus_imports_only_its_events():
    imports = {name: _our_imports(LIVE / name) for name in BELOW_THE_JOURNAL}
    assert imports == {
        "__init__.py": set(),
        "bus.py": {"collegium.live.events"},
        "events.py": set(),
    }


def test_importing_the_bus_loads_none_of_the_features():
    script = (
        "import sys; from django.conf import settings; settings.configure(); "
        "import collegium.live.bus; "
        "print(sorted(m for m in sys.modules if m.startswith('collegium')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == [
        "['collegium',",
        "'collegium.live',",
        "'collegium.live.bus',",
        "'collegium.live.events']",
    ]
