"""Importing the register from CSV: every kind of bad row with its line number, all or
nothing, re-import by member number, journaling, permissions."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collegium.journal.actors import SYSTEM, Actor
from collegium.journal.models import JournalEntry
from collegium.registry.actions import import_members
from collegium.registry.importing import (
    RegisterFileInvalid,
    RowProblem,
    parse_register,
)
from collegium.registry.models import Member, MemberStatus, MemberStatusChange
from collegium.rules.errors import RuleError
from tests.journal.chains import entries_of, verified

DATA = Path(__file__).resolve().parent.parent / "data" / "registers"
HEADER = "number,name,email,unit,status,status_reason,status_date,joined_on"


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def problems_of(data: bytes) -> list[tuple[int, str]]:
    with pytest.raises(RegisterFileInvalid) as raised:
        parse_register(data)
    return [(p.line, p.reason) for p in raised.value.problems]


def only_problem(data: bytes) -> tuple[int, str]:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


# Reading and checking the file: no database needed.


def test_a_good_file_is_read_with_every_column():
    register = parse_register((DATA / "good.csv").read_bytes())
    assert len(register) == 5
    assert register.sha256 == hashlib.sha256((DATA / "good.csv").read_bytes()).hexdigest()
    clara = register.rows[2]
    assert (clara.line, clara.number, clara.name, clara.email, clara.unit) == (
        4,
        "M-102",
        "Clara Zetkin",
        "",
        "North",
    )
    assert clara.status == MemberStatus.SUSPENDED
    assert clara.status_reason == "Dues unpaid for a year"
    assert clara.status_date == datetime.date(2024, 1, 15)
    assert clara.joined_on == datetime.date(2018, 11, 2)
    # Quoted fields keep their commas.
    assert register.rows[3].name == "Dimitrov, Georgi"
    assert register.rows[3].unit == "East, Harbour"


def test_semicolons_a_byte_order_mark_crlf_and_any_column_order_are_understood():
    register = parse_register((DATA / "semicolon-bom.csv").read_bytes())
    assert [(r.number, r.name, r.unit) for r in register] == [
        ("S-1", "Fritz Fahrner", "North"),
        ("S.2", "Gerda Graf", "South"),
    ]
    # Columns the file does not have are None: the import leaves those fields alone.
    assert register.rows[0].email is None
    assert register.rows[0].has_joined_on is False
    assert register.columns == ("name", "number", "unit")


def test_every_bad_row_is_reported_with_its_physical_line():
    # Lines 3-4 are one record (a quoted reason over two lines): later rows keep their
    # physical line numbers.
    assert problems_of((DATA / "bad-rows.csv").read_bytes()) == [
        (5, "the member number is missing"),
        (6, "the name is missing"),
        (7, "member number B-1 appears twice in the file (first on line 2)"),
        (8, "email 'x@' is not a valid address"),
        (9, "status 'expelled' is not one of active, suspended, left"),
        (10, "joined_on '2024-13-01' is not a date in the form YYYY-MM-DD"),
        (11, "9 fields where the header has 8"),
        (12, "4 fields where the header has 8"),
        (
            13,
            "member number 'B 11' may contain only letters, digits, '-' and '.', "
            "and must start with a letter or digit",
        ),
        (14, "a status_reason or status_date is given but no status"),
    ]


def test_the_message_names_the_first_problems_and_the_count():
    with pytest.raises(RegisterFileInvalid) as raised:
        parse_register((DATA / "bad-rows.csv").read_bytes())
    message = str(raised.value)
    assert message.startswith("The register file has 10 problems, so nothing was imported:")
    assert "line 5: the member number is missing" in message
    assert "line 9: status 'expelled'" in message
    assert "line 10" not in message
    assert message.endswith("(and 5 more)")
    assert raised.value.rule == "register.import-file"
    assert isinstance(raised.value, RuleError)


def test_an_over_long_value_is_refused_with_the_limit():
    assert only_problem((DATA / "over-long.csv").read_bytes()) == (
        2,
        "name is 201 characters long; at most 200 are allowed",
    )
    line, reason = only_problem(csv_bytes("N-1,Nora,,North,suspended," + "r" * 501 + ",,"))
    assert (line, reason) == (2, "status_reason is 501 characters long; at most 500 are allowed")


@pytest.mark.parametrize("date", ["2024-02-30", "24-02-01", "20240201", "2024-W01-1"])
def test_joined_on_must_be_a_real_iso_date(date):
    data = csv_bytes("D-1,Dora,,North,,,,2020-01-01", f"D-2,Dan,,North,,,,{date}")
    assert only_problem(data) == (3, f"joined_on '{date}' is not a date in the form YYYY-MM-DD")


def test_status_date_must_be_an_iso_date():
    assert only_problem(csv_bytes("D-1,Dora,,North,left,Moved,01/02/2024,")) == (
        2,
        "status_date '01/02/2024' is not a date in the form YYYY-MM-DD",
    )


def test_a_status_date_before_joining_is_refused():
    assert only_problem(csv_bytes("D-1,Dora,,North,left,Moved,2019-01-01,2020-01-01")) == (
        2,
        "status_date 2019-01-01 is before joined_on 2020-01-01",
    )


def test_a_row_can_have_several_problems():
    assert problems_of(csv_bytes(",,not-an-email,North,,,,")) == [
        (2, "the member number is missing"),
        (2, "the name is missing"),
        (2, "email 'not-an-email' is not a valid address"),
    ]


def test_line_breaks_are_allowed_only_in_the_reason():
    data = csv_bytes('L-1,"Two\nLines",,North,,,,', "L-2,Fine,x@,North,,,,")
    assert problems_of(data) == [
        (2, "name contains a line break"),
        (4, "email 'x@' is not a valid address"),
    ]


def test_the_header_is_checked():
    assert problems_of(b"number,name,phone,name\nU-1,Una,555,Una\n") == [
        (1, "column name appears twice"),
        (
            1,
            "unknown column 'phone'; the columns are number, name, email, unit, status, "
            "status_reason, status_date, joined_on",
        ),
    ]
    assert problems_of(b"number,unit\nU-1,North\n") == [(1, "the header has no name column")]
    assert only_problem(b"") == (1, "the file is empty; a header row naming the columns is needed")


def test_a_file_that_is_not_utf8_is_refused_with_the_line():
    data = "number,name\nA-1,Anna\nA-2,Jürgen\n".encode("latin-1")
    assert only_problem(data) == (3, "the file is not UTF-8 text (byte 0xfc); save it as UTF-8")


def test_rows_with_only_empty_fields_are_skipped():
    register = parse_register(csv_bytes("E-1,Emil,,,,,,", ",,,,,,,", "", "E-2,Erna,,,,,,"))
    assert [(r.line, r.number) for r in register] == [(2, "E-1"), (5, "E-2")]


def test_values_are_trimmed_and_status_is_case_blind():
    (row,) = parse_register(csv_bytes(" T-1 , Tom ,  , North ,Suspended, Absent ,,")).rows
    assert (row.number, row.name, row.email, row.unit) == ("T-1", "Tom", "", "North")
    assert (row.status, row.status_reason) == (MemberStatus.SUSPENDED, "Absent")


def test_a_problem_reads_as_line_and_reason():
    assert str(RowProblem(14, "email 'x@' is not a valid address")) == (
        "line 14: email 'x@' is not a valid address"
    )


# Importing into the database.


def member_count(org):
    return Member.objects.filter(organization=org.organization).count()


def counts(org):
    return member_count(org), MemberStatusChange.objects.count(), JournalEntry.objects.count()


def run_import(org, name_or_data, actor: Actor | None = None, **kwargs):
    data = name_or_data if isinstance(name_or_data, bytes) else (DATA / name_or_data).read_bytes()
    return import_members(
        actor=actor or Actor.page(org.admin),
        organization=org.organization,
        rows=parse_register(data),
        **kwargs,
    )


def test_first_import_adds_members_with_their_history_and_one_journal_entry(org):
    before = counts(org)
    summary = run_import(org, "good.csv")
    assert (summary.added, summary.updated, summary.status_changed, summary.unchanged) == (
        5,
        0,
        2,
        0,
    )
    # The fixture's member M-1 is not in the file and is kept.
    assert summary.not_in_file == 1
    assert member_count(org) == before[0] + 5
    clara = Member.objects.get(organization=org.organization, number="M-102")
    assert (clara.name, clara.email, clara.unit, clara.status) == (
        "Clara Zetkin",
        "",
        "North",
        "suspended",
    )
    assert clara.joined_on == datetime.date(2018, 11, 2)
    assert list(
        clara.status_changes.values_list("previous_status", "status", "reason", "effective_on")
    ) == [
        ("", "active", "admitted", datetime.date(2018, 11, 2)),
        ("active", "suspended", "Dues unpaid for a year", datetime.date(2024, 1, 15)),
    ]
    anna = Member.objects.get(organization=org.organization, number="M-100")
    assert list(anna.status_changes.values_list("status", "reason")) == [("active", "admitted")]

    entries = list(JournalEntry.objects.order_by("pk")[before[2] :])
    assert [e.code for e in entries] == [
        "register.import",
        "register.member.status_changed",
        "register.member.status_changed",
    ]
    sha256 = hashlib.sha256((DATA / "good.csv").read_bytes()).hexdigest()
    assert entries[0].payload == {
        "added": 5,
        "updated": 0,
        "status_changed": 2,
        "unchanged": 0,
        "not_in_file": 1,
        "rows": 5,
        "sha256": sha256,
    }
    assert entries[0].actor == "ada"
    assert entries[1].payload["number"] == "M-102"
    assert entries[1].payload["reason"] == "Dues unpaid for a year"
    assert entries[1].object_id == str(clara.pk)
    assert entries[2].payload["to"] == "left"
    # The entries written in bulk chain exactly as those written one by one.
    result = verified()
    assert (result.checked, result.broken) == (entries_of().count(), None)
    assert result.head.sequence == entries[-1].sequence


def test_reimport_updates_by_number_and_keeps_history(org):
    run_import(org, "good.csv")
    before = counts(org)
    summary = run_import(org, "good-changed.csv")
    assert (summary.added, summary.updated, summary.status_changed, summary.unchanged) == (
        1,
        1,
        2,
        1,
    )
    # M-104 is missing from the second file, M-1 from both: kept, not removed.
    assert summary.not_in_file == 2
    assert Member.objects.filter(number="M-104", status="left").exists()
    assert member_count(org) == before[0] + 1

    def member(number):
        return Member.objects.get(organization=org.organization, number=number)

    assert member("M-100").email == "anna.arendt@example.org"
    bruno = member("M-101")
    assert bruno.status == "suspended"
    assert list(bruno.status_changes.values_list("previous_status", "status", "reason")) == [
        ("", "active", "admitted"),
        ("active", "suspended", "Breach of the statutes"),
    ]
    clara = member("M-102")
    assert clara.status == "active"
    assert list(clara.status_changes.values_list("status", "effective_on")) == [
        ("active", datetime.date(2018, 11, 2)),
        ("suspended", datetime.date(2024, 1, 15)),
        ("active", datetime.date(2025, 3, 1)),
    ]
    assert member("M-105").name == "Hanna Hoch"
    codes = list(JournalEntry.objects.order_by("pk").values_list("code", flat=True)[before[2] :])
    assert codes == ["register.import"] + ["register.member.status_changed"] * 2
    assert verified().broken is None


def test_importing_the_same_file_again_changes_nothing(org):
    run_import(org, "good.csv")
    members_before = list(Member.objects.order_by("pk").values())
    before = counts(org)
    summary = run_import(org, "good.csv")
    assert (summary.added, summary.updated, summary.status_changed, summary.unchanged) == (
        0,
        0,
        0,
        5,
    )
    assert list(Member.objects.order_by("pk").values()) == members_before
    # Only the import itself is journaled.
    assert counts(org) == (before[0], before[1], before[2] + 1)


def test_columns_absent_from_the_file_are_left_alone(org):
    run_import(org, "good.csv")
    summary = run_import(org, b"number,name\nM-100,Anna Arendt-Bebel\nM-101,Bruno Brecht\n")
    assert (summary.updated, summary.unchanged) == (1, 1)
    anna = Member.objects.get(organization=org.organization, number="M-100")
    assert anna.name == "Anna Arendt-Bebel"
    assert (anna.email, anna.unit, anna.joined_on) == (
        "anna@example.org",
        "North",
        datetime.date(2019, 3, 1),
    )
    # A present but empty email column clears the address.
    run_import(org, b"number,name,email\nM-100,Anna Arendt-Bebel,\n")
    anna.refresh_from_db()
    assert anna.email == ""


def test_a_bad_file_imports_nothing_and_journals_nothing(org):
    before = counts(org)
    with pytest.raises(RegisterFileInvalid):
        run_import(org, "bad-rows.csv")
    assert counts(org) == before


def test_a_status_change_without_reason_is_found_against_the_register(org):
    run_import(org, "good.csv")
    # M-101 is active in the register; the file says left without a reason (line 3).
    # M-100's row changes the email: it must not be written either.
    before = counts(org)
    data = (DATA / "status-without-reason.csv").read_bytes().replace(b"anna@", b"anna.new@")
    with pytest.raises(RegisterFileInvalid) as raised:
        run_import(org, data)
    assert [(p.line, p.reason) for p in raised.value.problems] == [
        (3, "the status of M-101 changes from active to left, which needs a status_reason")
    ]
    assert counts(org) == before
    assert Member.objects.get(number="M-100").email == "anna@example.org"


def test_a_new_member_with_another_status_needs_a_reason(org):
    with pytest.raises(RegisterFileInvalid) as raised:
        run_import(org, csv_bytes("N-1,Nina,,North,left,,,"))
    assert [(p.line, p.reason) for p in raised.value.problems] == [
        (2, "the status of N-1 changes from active to left, which needs a status_reason")
    ]


def test_an_unchanged_status_needs_no_reason(org):
    run_import(org, "good.csv")
    # Clara is suspended already; repeating it (with or without reason) is no change.
    summary = run_import(org, csv_bytes("M-102,Clara Zetkin,,North,suspended,,,2018-11-02"))
    assert (summary.status_changed, summary.unchanged) == (0, 1)
    assert Member.objects.get(number="M-102").status_changes.count() == 2


@pytest.mark.parametrize("who", ["secretary", "member_user", "outsider"])
def test_only_an_admin_may_import(org, who):
    before = counts(org)
    with pytest.raises(
        RuleError,
        match=r"Not permitted: adding members to the register needs one of the roles admin\.",
    ):
        run_import(org, "good.csv", actor=Actor.page(getattr(org, who)))
    assert counts(org) == before


def test_the_operator_may_import_and_is_journaled_as_system(org):
    data = (DATA / "good.csv").read_bytes()
    import_members(actor=SYSTEM, organization=org.organization, rows=parse_register(data))
    assert JournalEntry.objects.filter(code="register.import").get().actor == "system"


def test_progress_is_reported_per_batch_up_to_the_row_count(org, monkeypatch):
    monkeypatch.setattr("collegium.registry.actions.IMPORT_BATCH", 2)
    run_import(org, "good.csv")
    calls: list[tuple[int, int]] = []
    run_import(org, "good-changed.csv", progress=lambda done, total: calls.append((done, total)))
    # 1 unchanged row first, then the one new member, then the three changed members in
    # batches of two.
    assert calls == [(1, 5), (2, 5), (4, 5), (5, 5)]


def test_many_rows_import_in_batches(org, monkeypatch):
    monkeypatch.setattr("collegium.registry.actions.IMPORT_BATCH", 7)
    lines = [
        f"B-{i},Member {i},m{i}@example.org,Unit {i % 3},"
        + ("suspended,Dues unpaid,2025-01-01," if i % 10 == 0 else ",,,")
        for i in range(1, 51)
    ]
    summary = run_import(org, csv_bytes(*lines))
    assert (summary.added, summary.status_changed) == (50, 5)
    imported = Member.objects.filter(organization=org.organization, number__startswith="B-")
    assert imported.count() == 50
    assert imported.filter(status="suspended").count() == 5
    assert MemberStatusChange.objects.filter(member__in=imported).count() == 55
    assert Member.objects.get(number="B-17").email == "m17@example.org"
    assert verified().broken is None


# The upload page, through Django's test client (tests/browser drives it in Chromium).

IMPORT_PAGE = "/o/test-union/members/import/"


def test_the_page_sends_visitors_to_sign_in_and_refuses_non_admins(org, client):
    response = client.get(IMPORT_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    client.force_login(org.member_user)
    response = client.get(IMPORT_PAGE)
    assert response.status_code == 403
    assert (
        "Not permitted: adding members to the register needs one of the roles admin."
        in response.text
    )
    assert client.get("/o/no-such-union/members/import/").status_code == 404


def test_posting_without_a_file_is_a_form_error(org, client):
    client.force_login(org.admin)
    before = counts(org)
    response = client.post(IMPORT_PAGE, {}, follow=True)
    assert response.redirect_chain[0][1] == 303
    assert "This field is required." in response.text
    assert counts(org) == before


def test_posting_a_file_imports_it(org, client):
    client.force_login(org.admin)
    with (DATA / "good.csv").open("rb") as register:
        posted = client.post(IMPORT_PAGE, {"register": register})
    # The POST answers with a redirect to its result: reloading that page shows the result
    # again and imports nothing.
    assert posted.status_code == 303
    assert posted["Location"].startswith(IMPORT_PAGE + "?result=")
    entries = JournalEntry.objects.count()
    for _reload in range(2):
        response = client.get(posted["Location"])
        assert response.status_code == 200
        assert '<dd id="added">5</dd>' in response.text
        assert hashlib.sha256((DATA / "good.csv").read_bytes()).hexdigest() in response.text
    assert member_count(org) == 6
    assert JournalEntry.objects.count() == entries
    # The page itself, and another result's address, show no result.
    assert 'id="added"' not in client.get(IMPORT_PAGE).text
    assert 'id="added"' not in client.get(IMPORT_PAGE + "?result=other").text


def test_the_page_lists_at_most_a_hundred_problems(org, client):
    client.force_login(org.admin)
    data = "number,name\n" + "".join(f"X-{i},\n" for i in range(1, 131))
    response = client.post(
        IMPORT_PAGE,
        {"register": SimpleUploadedFile("big.csv", data.encode(), "text/csv")},
        follow=True,
    )
    assert response.text.count("the name is missing</li>") == 100
    assert "big.csv has 130 problems, so nothing was imported." in response.text
    assert "… and 30 more problems." in response.text
    assert member_count(org) == 1


def test_an_unclosed_quote_is_reported_where_its_row_starts():
    data = b'number,name\nA-1,Anna\nA-2,"Bruno\nA-3,Clara\n'
    assert only_problem(data) == (
        3,
        "the file cannot be read as CSV from here on (unexpected end of data); "
        "look for a double quote that is not closed",
    )


def test_blank_lines_before_the_header_keep_line_numbers_physical():
    data = b"\n\nnumber,name,email\nA-1,Anna,anna@\n"
    assert only_problem(data) == (4, "email 'anna@' is not a valid address")
    assert parse_register(b"\r\n;;\r\nnumber;name\r\nA-1;Anna\r\n").rows[0].line == 4


def test_a_header_without_rows_is_refused():
    assert only_problem(b"number,name\n\n") == (2, "the file has a header row but no members")
    assert only_problem(b"\n  \n") == (
        1,
        "the file is empty; a header row naming the columns is needed",
    )
