"""The German catalogue: complete, consistent with the sources, compiled, used by the pages."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import collegium
from collegium.journal.actors import SYSTEM
from tests.conftest import PASSWORD, Org

PACKAGE_DIR = Path(collegium.__file__).resolve().parent
CATALOGUE_DIR = PACKAGE_DIR / "locale" / "de" / "LC_MESSAGES"
PO_FILE = CATALOGUE_DIR / "django.po"
MO_FILE = CATALOGUE_DIR / "django.mo"
# The same exclusions the catalogue is made with (see the report / docs).
MAKEMESSAGES_IGNORE = ["migrations", "*/static/*"]


@dataclass
class Entry:
    """One message of a .po file, as much of it as these checks need."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[index] for index in sorted(self.msgstr)]


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def read_po(path: Path) -> list[Entry]:
    """A minimal .po reader: entries with their flags; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] = ("", 0)

    def finish() -> None:
        nonlocal current
        if current.msgstr:
            entries.append(current)
        current = Entry()

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if current.msgstr:
                finish()
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        match = _KEYWORD.match(line)
        if match is None:
            assert line.startswith('"'), f"{path}:{number}: cannot read {line!r}"
            text = ast.literal_eval(line)
            kind, index = target
            if kind == "msgstr":
                current.msgstr[index] += text
            else:
                setattr(current, kind, (getattr(current, kind) or "") + text)
            continue
        keyword, index_text, quoted = match.groups()
        text = ast.literal_eval(quoted)
        if keyword in ("msgctxt", "msgid") and current.msgstr:
            finish()
        if keyword.startswith("msgstr"):
            index = int(index_text) if index_text else 0
            current.msgstr[index] = text
            target = ("msgstr", index)
        else:
            setattr(current, keyword, text)
            target = (keyword, 0)
        if keyword in ("msgctxt", "msgid") and not current.line:
            current.line = number
    finish()
    return entries


def messages_of(path: Path) -> list[Entry]:
    """The entries of a catalogue without its header (the entry with an empty msgid)."""
    return [entry for entry in read_po(path) if entry.msgid]


# %(name)s, %(byte)02x, %s, %d ... (Django's python-format) and {name} (python-brace-format).
_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_BRACE = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def placeholders(text: str, flags: set[str]) -> Counter[str]:
    """The placeholders in a message; named %(...)s ones count even without the flag,
    since Django formats {% blocktranslate %} output whatever xgettext guessed."""
    found: Counter[str] = Counter()
    for m in _PERCENT.finditer(text):
        if m.group(0) != "%%" and (m.group(1) or "python-format" in flags):
            found[m.group(0)] += 1
    if "python-brace-format" in flags:
        found.update("{" + m.group(1) + "}" for m in _BRACE.finditer(text))
    return found


def describe(entry: Entry) -> str:
    return f"{PO_FILE.name}:{entry.line} {entry.msgid!r}"


def test_the_reader_sees_the_whole_catalogue() -> None:
    # Guards the checks below: a reader that silently drops entries would pass them all.
    entries = messages_of(PO_FILE)
    msgid_lines = sum(
        1 for line in PO_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("msgid ")
    )
    assert len(entries) == msgid_lines - 1  # minus the header
    assert len(entries) > 300


def test_header_declares_german_with_two_plural_forms() -> None:
    header = next(entry for entry in read_po(PO_FILE) if not entry.msgid)
    assert "fuzzy" not in header.flags
    assert "Language: de\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    entries = messages_of(PO_FILE)
    fuzzy = [describe(entry) for entry in entries if "fuzzy" in entry.flags]
    untranslated = [
        describe(entry)
        for entry in entries
        if not entry.translations or not all(text.strip() for text in entry.translations)
    ]
    assert not fuzzy, "fuzzy entries:\n" + "\n".join(fuzzy)
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)


def test_plural_messages_have_both_german_forms() -> None:
    for entry in messages_of(PO_FILE):
        expected = [0, 1] if entry.msgid_plural is not None else [0]
        assert sorted(entry.msgstr) == expected, describe(entry)


def test_placeholders_of_each_translation_match_the_original() -> None:
    problems = []
    for entry in messages_of(PO_FILE):
        if entry.msgid_plural is None:
            expected = [placeholders(entry.msgid, entry.flags)]
        else:
            # German, like English, has one singular and one plural form; the singular may
            # spell out "one" instead of using the count, as the English one may.
            expected = [
                placeholders(entry.msgid, entry.flags),
                placeholders(entry.msgid_plural, entry.flags),
            ]
        for index, original in enumerate(expected):
            translated = placeholders(entry.msgstr[index], entry.flags)
            if entry.msgid_plural is not None and index == 0:
                allowed = original | placeholders(entry.msgid_plural, entry.flags)
                if set(translated) - set(allowed):
                    problems.append(f"{describe(entry)}[0]: {dict(translated)} ⊄ {dict(allowed)}")
            elif translated != original:
                problems.append(
                    f"{describe(entry)}[{index}]: {dict(translated)} ≠ {dict(original)}"
                )
    assert not problems, "\n".join(problems)


def test_placeholder_check_notices_a_broken_translation() -> None:
    # The check above is only worth something if it can fail.
    flags = {"python-format"}
    assert placeholders("%(name)s ist %(status)s", flags) != placeholders(
        "%(name)s is %(state)s", flags
    )
    assert placeholders("0x%(byte)02x", flags) == Counter({"%(byte)02x": 1})
    assert placeholders("Gremien %(x)s", set()) == Counter({"%(x)s": 1})
    assert placeholders("50 % der Stimmen", set()) == Counter()
    assert placeholders("{count} Sitze", {"python-brace-format"}) == Counter({"{count}": 1})


def test_compiled_catalogue_matches_the_po_file() -> None:
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages_of(PO_FILE):
        if entry.msgid_plural is None:
            got = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt is not None
                else compiled.gettext(entry.msgid)
            )
            if got != entry.msgstr[0]:
                stale.append(describe(entry))
            continue
        for count, index in ((1, 0), (2, 1), (0, 1)):
            got = (
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
                if entry.msgctxt is not None
                else compiled.ngettext(entry.msgid, entry.msgid_plural, count)
            )
            if got != entry.msgstr[index]:
                stale.append(f"{describe(entry)} n={count}")
    assert not stale, "django.mo is out of date; run compilemessages:\n" + "\n".join(stale)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_gnu_msgfmt_accepts_the_catalogue() -> None:
    # msgfmt --check validates formats, plural forms and the header as GNU gettext sees them.
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
    reason="GNU gettext (xgettext, msgmerge) is not installed; makemessages needs it",
)
def test_catalogue_covers_every_string_marked_in_the_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    # Re-extract the strings from a copy of the package, merging in our catalogue: any
    # string marked since the catalogue was last updated shows up untranslated (or fuzzy).
    copy = tmp_path / "collegium"
    shutil.copytree(
        PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "static")
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["de"], ignore_patterns=MAKEMESSAGES_IGNORE, verbosity=0)
    regenerated = messages_of(copy / "locale" / "de" / "LC_MESSAGES" / "django.po")
    new = [
        repr(entry.msgid)
        for entry in regenerated
        if "fuzzy" in entry.flags or not all(entry.translations)
    ]
    assert not new, "strings marked in the sources but not translated yet:\n" + "\n".join(new)
    # The comparison is only meaningful if extraction found the strings at all.
    assert {entry.msgid for entry in regenerated} >= {"Bodies", "Sign in", "Journal"}


# Pages in German -----------------------------------------------------------------------


def test_login_page_is_german_when_the_browser_asks_for_german(client: Client) -> None:
    german = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de">' in german
    assert "Anmelden" in german and "Passwort" in german
    assert "Sign in" not in german
    assert '<html lang="en">' in english
    assert "Sign in" in english and "Anmelden" not in english


def test_organization_page_follows_the_language_cookie(client: Client, org: Org) -> None:
    url = reverse("organization", args=["test-union"])
    english = client.get(url).content.decode()
    assert "Bodies" in english and "Gremien" not in english
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "de"
    german = client.get(url).content.decode()
    assert "Gremien" in german and "Bodies" not in german
    # A model choice (BodyKind) is translated too.
    assert "Komitee" in german


def test_language_switch_sets_the_cookie_and_returns_to_the_page(client: Client, org: Org) -> None:
    url = reverse("organization", args=["test-union"])
    response = client.post(reverse("set_language"), {"language": "de", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert client.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert "Gremien" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert "Bodies" in client.get(url).content.decode()


def test_a_refused_action_explains_itself_in_german(client: Client, org: Org) -> None:
    # Rule messages are made by the actions at request time, so they follow the language.
    assert client.login(username="ada", password=PASSWORD)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "de"
    url = reverse("member", args=["test-union", "M-1"])
    page = client.get(url).content.decode()
    assert "Statusverlauf" in page and "aktiv" in page
    version = client.get(url).context["form"].initial["version"]
    response = client.post(
        url,
        {"status": "suspended", "reason": "", "effective_on": "", "version": version},
        follow=True,
    )
    assert response.redirect_chain[0][1] == 303
    assert "Eine Statusänderung braucht eine Begründung." in response.content.decode()


def test_missing_page_is_explained_in_german(client: Client, org: Org) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.get("/o/test-union/bodies/no-such-body/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_refusal_page_and_its_reason_are_german(client: Client, org: Org) -> None:
    assert client.login(username="otto", password=PASSWORD)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.get(reverse("register", args=["test-union"]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Nicht erlaubt" in page and "Sie sind als otto angemeldet." in page
    # The reason comes from the permission check, translated when it is raised.
    assert "erfordert eine der Rollen" in page


def test_standing_orders_are_described_in_the_readers_language(client: Client, org: Org) -> None:
    """The sentences come from collegium.rules (no Django); bodies/apps.py gives them
    Django's translation, so a German reader gets them in German, an English one in English."""
    from collegium.bodies.actions import adopt_standing_orders
    from collegium.rules.standing_orders.presets import PRESETS

    adopt_standing_orders(
        actor=SYSTEM, body=org.committee, title="Lenin-era", document=PRESETS["lenin-era"]
    )
    url = reverse("body", args=[org.organization.slug, org.committee.slug])
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Beschlussfähigkeit: mehr als die Hälfte der bei der Abstimmung anwesenden" in german
    assert "Eine Minderheit von mindestens 1/20 der Vollmitglieder darf ein Korreferat" in german
    assert "Quorum: more than half of the full members present at the vote." in english
    assert "Beschlussfähigkeit" not in english
