"""Every text the register stores has a limit, refused by the actions with the field's name
and the limit (so on the page, in the API and in a file alike); a file's problems are
reported up to 1,000 and counted beyond, so the answer stays bounded however large the
file."""

from __future__ import annotations

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from collegium.journal.actors import SYSTEM
from collegium.journal.models import JournalEntry
from collegium.registry.actions import change_member_status, create_organization, register_member
from collegium.registry.importing import MAX_PROBLEMS, RegisterFileInvalid, parse_register
from collegium.registry.models import Member, MemberStatus
from collegium.rules.errors import RuleError

API_IMPORT = "/api/organizations/test-union/members/import"


@pytest.mark.parametrize(("field", "limit"), [("name", 200), ("unit", 200), ("email", 254)])
def test_adding_a_member_refuses_an_over_long_field_by_name(org, field: str, limit: int):
    values = {"name": "Anna", "unit": "", "email": ""}
    values[field] = ("a" * (limit - 11) + "@example.org") if field == "email" else "a" * (limit + 1)
    before = (Member.objects.count(), JournalEntry.objects.count())
    with pytest.raises(RuleError) as refused:
        register_member(
            actor=SYSTEM,
            organization=org.organization,
            number="L-1",
            name=values["name"],
            unit=values["unit"],
            email=values["email"],
        )
    assert refused.value.rule == "register.too-long"
    assert str(refused.value) == (
        f"{field.capitalize()} is {limit + 1} characters long; at most {limit} are allowed."
    )
    assert (Member.objects.count(), JournalEntry.objects.count()) == before


def test_a_member_needs_a_name_and_a_valid_email(org):
    with pytest.raises(RuleError) as nameless:
        register_member(actor=SYSTEM, organization=org.organization, number="L-1", name="  ")
    assert nameless.value.rule == "register.name-missing"
    with pytest.raises(RuleError) as bad_email:
        register_member(
            actor=SYSTEM, organization=org.organization, number="L-1", name="L", email="x@"
        )
    assert bad_email.value.rule == "register.email"
    assert not Member.objects.filter(number="L-1").exists()


def test_a_status_change_refuses_an_over_long_reason_on_the_page_and_in_the_api(org):
    with pytest.raises(RuleError) as refused:
        change_member_status(
            actor=SYSTEM, member=org.member, status=MemberStatus.LEFT, reason="r" * 501
        )
    assert refused.value.rule == "register.too-long"
    assert str(refused.value) == "Reason is 501 characters long; at most 500 are allowed."
    client = Client()
    client.force_login(org.admin)
    page = client.get("/o/test-union/members/M-1/")
    version = page.context["form"].initial["version"]
    posted = client.post(
        "/o/test-union/members/M-1/", {"status": "left", "reason": "r" * 501, "version": version}
    )
    assert posted.status_code == 303
    assert "at most 500" in client.get(posted["Location"]).text
    org.member.refresh_from_db()
    assert org.member.status == MemberStatus.ACTIVE
    assert org.member.status_changes.count() == 1


def test_an_organization_description_has_a_limit(db):
    with pytest.raises(RuleError) as refused:
        create_organization(actor=SYSTEM, name="Big", slug="big", description="d" * 5001)
    assert refused.value.rule == "register.too-long"
    assert "5000" in str(refused.value)


def _bad_rows(count: int) -> bytes:
    # Every row lacks its name: one problem a row.
    return ("number,name\n" + "".join(f"X-{i},\n" for i in range(count))).encode()


def test_a_file_of_many_bad_rows_keeps_the_first_thousand_problems_and_counts_all():
    with pytest.raises(RegisterFileInvalid) as raised:
        parse_register(_bad_rows(20_000))
    invalid = raised.value
    assert len(invalid.problems) == MAX_PROBLEMS == 1000
    assert invalid.count == 20_000
    assert [p.line for p in invalid.problems[:2]] == [2, 3]
    assert invalid.problems[-1].line == 1001
    assert str(invalid).startswith("The register file has 20000 problems")
    assert str(invalid).endswith("(and 19995 more)")


def test_the_memory_a_refused_file_takes_does_not_grow_with_its_problems():
    def peak(rows: int) -> int:
        data = _bad_rows(rows)
        tracemalloc.start()
        with pytest.raises(RegisterFileInvalid):
            parse_register(data)
        _size, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top - len(data)

    # Four times the rows: beyond the file's text (its size once more), the memory stays
    # what the first 1,000 problems take. Keeping every problem, or every number seen,
    # took over 250 bytes a row (15 MB more here).
    small, large = peak(20_000), peak(80_000)
    assert large - small < 2 * (len(_bad_rows(80_000)) - len(_bad_rows(20_000)))


def test_the_api_answer_to_a_file_of_20000_bad_rows_is_bounded(org):
    client = Client()
    client.force_login(org.admin)
    upload = SimpleUploadedFile("bad.csv", _bad_rows(20_000), "text/csv")
    answer = client.post(API_IMPORT, {"file": upload})
    assert answer.status_code == 400
    body = answer.json()
    assert body["rule"] == "register.import-file"
    assert body["problem_count"] == 20_000
    assert len(body["lines"]) == len(body["problems"]) == 1000
    assert body["lines"][0] == {
        "line": 2,
        "reason": "the name is missing",
        "rule": "register.import-file",
    }
    assert len(answer.content) < 200_000
    assert Member.objects.count() == 1


def test_the_page_counts_all_problems_of_a_large_file(org):
    client = Client()
    client.force_login(org.admin)
    upload = SimpleUploadedFile("bad.csv", _bad_rows(20_000), "text/csv")
    page = client.post("/o/test-union/members/import/", {"register": upload}, follow=True)
    assert "bad.csv has 20000 problems, so nothing was imported." in page.text
    assert "… and 19900 more problems." in page.text
    assert page.text.count("the name is missing</li>") == 100
