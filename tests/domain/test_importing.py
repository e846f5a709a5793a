"""The one way imported rows are checked: each problem names its row, column, value and
reason; a row with several bad cells names each; one refusal carries them all."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pr_desk.domain.errors import UserError
from pr_desk.domain.importing import (
    ImportRejected,
    RowProblem,
    check_row_count,
    check_rows,
    clip,
    each_cell,
)
from pr_desk.domain.validation import require_text


@dataclass(frozen=True)
class Row:
    row_number: int
    name: str
    size: str


COLUMNS = [("name", "Full name"), ("size", "Value")]


def _size(text: str) -> int:
    if not text.isdigit():
        raise UserError("“{text}” is not a number.", field="size", text=text)
    return int(text)


def test_each_problem_names_row_column_value_and_reason() -> None:
    rows = [Row(2, "علی", "12"), Row(3, "", "x" * 100), Row(4, "رضا", "bad")]
    checked, problems = check_rows(
        rows, lambda r: each_cell(lambda: require_text(r.name, "Full name", 50, field="name"), lambda: _size(r.size)), COLUMNS)
    assert checked == [("علی", 12)]
    assert [(p.row_number, p.column, p.value) for p in problems] == [
        (3, "نام و نام خانوادگی", ""), (3, "مقدار", "x" * 40 + "…"), (4, "مقدار", "bad")]  # row 3 names both bad cells
    assert "الزامی" in problems[0].message and "bad" in problems[2].message


def test_a_field_the_checks_call_otherwise_finds_its_column_and_an_unknown_one_stays_blank() -> None:
    def check(r: Row) -> None:
        raise UserError("wrong", field="amount" if r.row_number == 2 else "elsewhere")

    _ok, problems = check_rows([Row(2, "a", "7"), Row(3, "b", "8")], check, COLUMNS, aliases={"amount": "size"})
    assert [(p.column, p.value) for p in problems] == [("مقدار", "7"), ("", "")]


def test_one_refusal_counts_rows_and_keeps_every_problem() -> None:
    problems = [RowProblem(3, "a"), RowProblem(3, "b"), RowProblem(5, "c")]
    refused = ImportRejected(problems)
    assert refused.problems == problems and "۲" in str(refused)  # two rows, three problems
    cells = ImportRejected(problems, message="{count} cells", count=3)
    assert str(cells) == "۳ cells"


def test_whole_file_refusals_and_clipping() -> None:
    with pytest.raises(UserError, match="ردیفی"):
        check_row_count([], 10)
    with pytest.raises(UserError, match="۱۰"):
        check_row_count(range(11), 10)
    check_row_count(range(10), 10)
    assert clip("  a\n  b  ") == "a b" and clip("ن" * 41) == "ن" * 40 + "…"
