"""The catalogue of report kinds behind `pr-desk report`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from pr_desk.domain.errors import UserError
from pr_desk.reports import Column, ReportSpec
from pr_desk.reports.registry import (
    get_report,
    list_reports,
    register_report,
    render_report,
    unregister_report,
)

from .helpers import pdftotext_pages


def _demo(params: Mapping[str, Any]) -> ReportSpec:
    rows = [("منطقه ۱", 10), ("منطقه ۲", 20)][: int(params.get("limit", 2))]
    return ReportSpec(title="گزارش نمونه", columns=[Column("n", "نام"), Column("c", "تعداد", "int")], rows=rows)


@pytest.fixture
def demo_kind() -> Iterator[None]:
    register_report("demo-test", "Units", _demo)
    yield
    unregister_report("demo-test")


def test_listed_and_titled(demo_kind: None) -> None:
    kinds = {k.name: k for k in list_reports()}
    assert "demo-test" in kinds
    assert kinds["demo-test"].title == "واحدها"


def test_duplicate_name_refused(demo_kind: None) -> None:
    with pytest.raises(ValueError):
        register_report("demo-test", "Other", lambda p: _demo(p))


def test_render_pdf_and_xlsx(demo_kind: None, tmp_path: Path) -> None:
    pdf = render_report("demo-test", {"limit": 1}, tmp_path / "a.pdf")
    assert "منطقه ۱" in pdftotext_pages(pdf)[0]
    xlsx = render_report("demo-test", {}, tmp_path / "a.xlsx")
    assert xlsx.stat().st_size > 0


def test_unknown_kind_and_format_are_user_errors(demo_kind: None, tmp_path: Path) -> None:
    with pytest.raises(UserError) as unknown:
        get_report("nope")
    assert "nope" in str(unknown.value)
    with pytest.raises(UserError):
        render_report("demo-test", {}, tmp_path / "a.docx")
    assert list(tmp_path.iterdir()) == []
