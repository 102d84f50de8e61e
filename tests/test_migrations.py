"""The models and the migrations agree: a model changed without its migration fails here,
not on an operator's `collegium migrate`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as missing:  # makemigrations --check exits 1 when one is missing
        pytest.fail(f"a migration is missing (exit {missing.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
