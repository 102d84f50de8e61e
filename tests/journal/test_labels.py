"""The journal page in the reader's language: every declared code and payload field has a
translated label (a feature that declares one without it fails here), enumerated values
are shown by their labels, and object types by their models' names."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from collegium.audit import labels
from collegium.journal.codes import all_codes

pytestmark = pytest.mark.django_db


def _german_catalogue() -> dict[str, str]:
    with translation.override("de"):
        catalogue = translation.trans_real.translation("de")._catalog  # type: ignore[attr-defined]
    return {str(k): str(v) for k, v in catalogue.items() if isinstance(k, str)}


def test_every_declared_code_has_a_title() -> None:
    missing = [c.code for c in all_codes() if c.code not in labels.CODE_TITLES]
    assert missing == []


def test_every_declared_field_has_a_label() -> None:
    fields = {field for code in all_codes() for field in code.fields}
    assert sorted(fields - labels.FIELD_LABELS.keys()) == []


def test_every_label_has_a_german_translation() -> None:
    german = _german_catalogue()
    with translation.override("en"):
        msgids = {str(v) for v in (*labels.CODE_TITLES.values(), *labels.FIELD_LABELS.values())}
    assert sorted(m for m in msgids if not german.get(m)) == []


def test_values_and_object_types_read_in_german() -> None:
    with translation.override("de"):
        assert labels.value_text("to", "suspended") == "suspendiert"
        assert labels.value_text("reason", "suspended") == "suspended"
        assert labels.object_label("bodies.seat") == "Sitz"
        assert labels.object_label("no.such") == "no.such"
        assert labels.field_label("effective_on") != "effective on"


def test_the_journal_page_in_german_shows_no_identifiers_in_english(org) -> None:
    from collegium.journal.actors import SYSTEM
    from collegium.registry.actions import change_member_status
    from collegium.registry.models import MemberStatus

    change_member_status(
        actor=SYSTEM,
        member=org.member,
        status=MemberStatus.SUSPENDED,
        reason="Beiträge nicht bezahlt",
    )
    client = Client()
    client.force_login(org.admin)
    client.cookies["django_language"] = "de"
    html = client.get("/o/test-union/journal/").content.decode()
    assert "Mitgliedsstatus geändert" in html
    assert "suspendiert" in html
    assert "Beiträge nicht bezahlt" in html
    for english in ("effective on", "registry.member ", "Member status changed"):
        assert english not in html
