"""Pages and the API never write with the ORM: every change is an action, which checks
permission and journals itself (docs/architecture.md). `lint-imports` checks which module
imports which, but cannot see method calls, so this test reads the source of every page
and API module and fails on an ORM write in it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "collegium"

# The web layer's modules: every feature's pages, forms, URL maps and API, the packages
# that are pages and API only, and the top-level API and URL map.
WEB_MODULE_NAMES = {"views.py", "api.py", "upload.py", "forms.py", "urls.py"}
WEB_PACKAGES = {"web", "audit"}

# Methods that write whatever they are called on (models, managers, querysets, model forms).
WRITES = {
    "save",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
# `update` writes when called on a manager or a queryset, and merges dicts otherwise: it
# counts when the receiver goes through `.objects` or a queryset method.
QUERYSET_METHODS = {
    "all",
    "alias",
    "annotate",
    "defer",
    "distinct",
    "exclude",
    "filter",
    "none",
    "only",
    "order_by",
    "prefetch_related",
    "select_for_update",
    "select_related",
    "using",
    "values",
    "values_list",
}


def _is_queryset(node: ast.expr) -> bool:
    """Whether an expression is a manager or a queryset, as far as the source shows:
    `Model.objects…`, or a chain through a queryset method (`….filter(…)`)."""
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr == "objects":
                return True
            node = node.value
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr in QUERYSET_METHODS:
                return True
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return False


def orm_writes(source: str) -> list[tuple[int, str]]:
    """(line, call) of every ORM write in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method in WRITES or (method == "update" and _is_queryset(node.func.value)):
            found.append((node.lineno, ast.unparse(node.func)))
    return sorted(found)


def web_modules() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and (path.name in WEB_MODULE_NAMES or path.relative_to(SRC).parts[0] in WEB_PACKAGES)
    )


@pytest.mark.parametrize(
    ("line", "call"),
    [
        ("member.save()", "member.save"),
        ("member.save(update_fields=['status'])", "member.save"),
        ("seat.delete()", "seat.delete"),
        ("Member.objects.create(number='1', name='A')", "Member.objects.create"),
        (
            "Member.objects.filter(pk=1).update(status='left')",
            "Member.objects.filter(pk=1).update",
        ),
        ("Member.objects.update(status='left')", "Member.objects.update"),
        (
            "organization.members.filter(status='active').update(unit='')",
            "organization.members.filter(status='active').update",
        ),
        ("Member.objects.filter(pk=1).delete()", "Member.objects.filter(pk=1).delete"),
        ("Seat.objects.bulk_create(rows)", "Seat.objects.bulk_create"),
        ("Seat.objects.bulk_update(rows, ['rank'])", "Seat.objects.bulk_update"),
        ("Office.objects.get_or_create(slug='chair')", "Office.objects.get_or_create"),
        (
            "Office.objects.update_or_create(slug='chair', defaults={})",
            "Office.objects.update_or_create",
        ),
        ("form.save()", "form.save"),
        ("organization.members.all()[0].save()", "organization.members.all()[0].save"),
    ],
)
def test_the_check_finds_an_orm_write(line: str, call: str) -> None:
    source = f"def view(request):\n    x = 1\n    if x:\n        {line}\n"
    assert orm_writes(source) == [(4, call)]


@pytest.mark.parametrize(
    "line",
    [
        "context.update(extra)",
        "form.cleaned_data.update({'a': 1})",
        "Member.objects.filter(pk=1).first()",
        "list(Member.objects.filter(organization=organization))",
        "member.refresh_from_db()",
        "seen.add(1)",
        "api.create_response(request, {}, status=404)",
    ],
)
def test_the_check_lets_reads_and_dicts_be(line: str) -> None:
    assert orm_writes(f"def view(request):\n    {line}\n") == []


def test_the_check_reads_the_web_layer() -> None:
    found = {path.relative_to(SRC).as_posix() for path in web_modules()}
    expected = {"registry/views.py", "registry/api.py", "registry/upload.py", "bodies/views.py"}
    assert expected | {"bodies/api.py", "web/pages.py", "web/api.py", "api.py"} <= found
    assert not any(name.startswith("rules/") or name.endswith("actions.py") for name in found)


def test_pages_and_api_never_write_with_the_orm() -> None:
    writes = [
        f"{path.relative_to(SRC)}:{line}: {call}(…)"
        for path in web_modules()
        for line, call in orm_writes(path.read_text(encoding="utf-8"))
    ]
    assert writes == [], "call an action instead:\n" + "\n".join(writes)
