"""Template pitfalls that Django does not report: a `{# … #}` comment must fit on one
line, or Django prints it into the page (use {% comment %} for longer ones)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "collegium"


def test_no_template_comment_spans_lines() -> None:
    spanning = [
        f"{template.relative_to(SRC)}:{text[: match.start()].count(chr(10)) + 1}"
        for template in SRC.rglob("*.html")
        for text in [template.read_text()]
        for match in re.finditer(r"\{#(?:(?!#\}).)*$", text, flags=re.M)
    ]
    assert spanning == []
