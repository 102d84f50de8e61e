"""Member numbers: normalized (NFKC, stripped) wherever they enter, invisible characters
and path steps refused by their rule, and look-alike numbers refused beside each other."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import import_members, register_member
from collegium.registry.importing import RegisterFileInvalid, parse_register
from collegium.registry.models import Member
from collegium.registry.numbers import check_number, fold, skeleton
from collegium.rules.errors import RuleError

HEADER = "number,name"


def refusal(*rows: str) -> RegisterFileInvalid:
    with pytest.raises(RegisterFileInvalid) as raised:
        parse_register("\n".join((HEADER, *rows)).encode())
    return raised.value


def problems(*rows: str) -> list[tuple[int, str]]:
    return [(p.line, p.reason) for p in refusal(*rows).problems]


def test_numbers_are_stored_in_nfkc_without_surrounding_space():
    assert check_number("  Ｍ－１００\u00a0") == "M-100"
    assert check_number("M-１0") == "M-10"
    register = parse_register(f"{HEADER}\n Ｍ－１００ ,Anna\n".encode())
    assert register.rows[0].number == "M-100"


@pytest.mark.parametrize(
    ("number", "rule", "code"),
    [
        ("M-1\u202e00", "register.number-invisible", "U+202E"),  # right-to-left override
        ("M-1\u2066", "register.number-invisible", "U+2066"),  # isolate
        ("M-1\u200f", "register.number-invisible", "U+200F"),  # right-to-left mark
        ("M-1\u061c", "register.number-invisible", "U+061C"),  # Arabic letter mark
        ("M\u200b-1", "register.number-invisible", "U+200B"),  # zero-width space
        ("M\u200d-1", "register.number-invisible", "U+200D"),  # zero-width joiner
        ("M\u2060-1", "register.number-invisible", "U+2060"),  # word joiner
        ("M\ufeff-1", "register.number-invisible", "U+FEFF"),  # zero-width no-break space
        ("M\x07-1", "register.number-invisible", "U+0007"),  # a control character
        ("A/../../journal", "register.number-path", ""),
        ("A\\B", "register.number-path", ""),
        ("A..B", "register.number-path", ""),
        ("A/1", "register.number-path", ""),
        ("-A1", "register.number-format", ""),
        ("A 1", "register.number-format", ""),
        ("A" * 33, "register.number-length", ""),
        ("   ", "register.number-missing", ""),
        # The fixed pages under /members/: such a member's page could not be opened.
        ("new", "register.number-reserved", ""),
        ("export", "register.number-reserved", ""),
        ("invite", "register.number-reserved", ""),
        ("import", "register.number-reserved", ""),
    ],
)
def test_an_unfit_number_is_refused_by_its_rule_by_the_action_and_in_a_file(
    org, number: str, rule: str, code: str
):
    before = (Member.objects.count(), JournalEntry.objects.count())
    with pytest.raises(RuleError) as refused:
        register_member(actor=SYSTEM, organization=org.organization, number=number, name="X")
    assert refused.value.rule == rule
    assert code in str(refused.value)
    assert (Member.objects.count(), JournalEntry.objects.count()) == before
    # The same number in a file is refused on its line, with the same reason and rule.
    (problem,) = refusal("A-1,Anna", f'"{number}",Bruno').problems
    assert (problem.line, problem.rule) == (3, rule)
    assert problem.reason.rstrip(".").lower() == str(refused.value).rstrip(".").lower()


def test_the_api_names_the_line_and_the_rule_of_a_bad_number(org):
    client = Client()
    client.force_login(org.admin)
    data = f"{HEADER}\nA-1,Anna\nM-1\u202e00,Bruno\n".encode()
    answer = client.post(
        "/api/organizations/test-union/members/import",
        {"file": SimpleUploadedFile("r.csv", data, "text/csv")},
    )
    assert answer.status_code == 400
    (line,) = answer.json()["lines"]
    assert (line["line"], line["rule"]) == (3, "register.number-invisible")
    assert "U+202E" in line["reason"]
    assert Member.objects.count() == 1


def test_confusable_numbers_share_a_skeleton_and_distinct_ones_do_not():
    assert skeleton("М-100") == skeleton("M-100") == skeleton("m-100")  # Cyrillic М
    assert skeleton("Α-1") == skeleton("A-1")  # Greek Alpha
    assert skeleton("Ｍ-100") == skeleton("M-100")
    assert skeleton("M-100") != skeleton("M-101")
    assert skeleton("Ö-1") != skeleton("O-1")  # a letter with its accent is not a twin


def test_the_action_refuses_a_number_that_looks_like_one_in_the_register(org):
    register_member(actor=SYSTEM, organization=org.organization, number="M-100", name="Latin")
    before = JournalEntry.objects.count()
    with pytest.raises(RuleError) as refused:
        register_member(
            actor=SYSTEM, organization=org.organization, number="\u041c-100", name="Cyrillic"
        )
    assert refused.value.rule == "register.confusable-number"
    assert "'\\u041c-100'" in str(refused.value) and "'M-100'" in str(refused.value)
    assert JournalEntry.objects.count() == before
    with pytest.raises(RuleError) as twice:
        register_member(actor=SYSTEM, organization=org.organization, number="Ｍ-100", name="Wide")
    assert twice.value.rule == "register.unique-number"


def test_a_file_with_two_look_alike_numbers_names_both_and_their_lines():
    assert [p.rule for p in refusal("M-100,Latin", "\u041c-100,Cyrillic").problems] == [
        "register.confusable-number"
    ]
    assert problems("M-100,Latin", "B-1,Bruno", "\u041c-100,Cyrillic") == [
        (
            4,
            "member number '\\u041c-100' looks like 'M-100' on line 2; "
            "use numbers that cannot be mistaken for each other",
        )
    ]


def test_an_import_refuses_a_number_that_looks_like_one_in_the_register(org):
    register_member(actor=SYSTEM, organization=org.organization, number="M-100", name="Latin")
    rows = parse_register(f"{HEADER}\nB-1,Bruno\n\u041c-100,Cyrillic\n".encode())
    before = (Member.objects.count(), JournalEntry.objects.count())
    with pytest.raises(RegisterFileInvalid) as refused:
        import_members(actor=SYSTEM, organization=org.organization, rows=rows)
    assert [(p.line, p.reason) for p in refused.value.problems] == [
        (
            3,
            "member number '\\u041c-100' looks like 'M-100', which is already in the "
            "register; use a number that cannot be mistaken for it",
        )
    ]
    assert (Member.objects.count(), JournalEntry.objects.count()) == before


def test_reimporting_the_same_numbers_in_another_form_matches_them(org):
    rows = parse_register(f"{HEADER}\nＭ-100,Anna\n".encode())
    import_members(actor=SYSTEM, organization=org.organization, rows=rows)
    again = parse_register(f"{HEADER}\n M-100 ,Anna Arendt\n".encode())
    summary = import_members(actor=SYSTEM, organization=org.organization, rows=again)
    assert (summary.added, summary.updated) == (0, 1)
    assert Member.objects.get(number="M-100").name == "Anna Arendt"


def test_pages_and_the_api_look_numbers_up_normalized(org):
    register_member(actor=SYSTEM, organization=org.organization, number="M-100", name="Anna")
    client = Client()
    client.force_login(org.admin)
    # Full-width digits and letters, as some keyboards type them.
    assert client.get("/o/test-union/members/Ｍ-１００/").status_code == 200
    answer = client.get("/api/organizations/test-union/members/Ｍ-１００")
    assert answer.status_code == 200 and answer.json()["number"] == "M-100"


def test_folding_ignores_case_and_accents_in_every_alphabet():
    assert fold("Хрущёв") == fold("хрущёв") == fold("ХРУЩЕВ") == "хрущев"
    assert fold("Sniečkus") == fold("snieckus")
    assert fold("Straße") == fold("STRASSE")
    assert fold("Ἀθῆναι") == fold("αθηναι")
