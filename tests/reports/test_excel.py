"""Workbooks read back: right to left, exact logical text, real types, never a formula."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pr_desk.reports import Column, LabelValues, ReportCancelled, ReportSpec, Table
from pr_desk.reports.excel import write_xlsx

MIXED = "گزارش‌های واحد (IT) در ۱۴۰۵/۰۹/۰۶ با رشد ۵۰٪ و مبلغ ۱۲٬۳۴۵٫۶۷ ریال"
NASTY = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+98 21 1234", "-2+3", "\tتب", "#N/A", "=1+1"]
COLUMNS = [
    Column("name", "نام واحد", width=2),
    Column("count", "تعداد", "int"),
    Column("budget", "بودجه (ریال)", "rials"),
    Column("score", "امتیاز", "score"),
    Column("date", "تاریخ", "date"),
    Column("pct", "پیشرفت", "percent"),
    Column("note", "یادداشت"),
]


def _rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"name": MIXED, "count": 7, "budget": 12345678, "score": 12.5, "date": dt.date(2026, 11, 27),
         "pct": 55.5, "note": "(رتبه ۳ از ۲۲)"},
    ]
    for i, text in enumerate(NASTY):
        rows.append({"name": f"واحد {i}", "count": i, "budget": 1000 * i, "score": 1.25, "date": None,
                     "pct": 0, "note": text})
    return rows


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    path = tmp_path / "units.xlsx"
    spec = ReportSpec(
        title="گزارش واحدها", columns=COLUMNS, rows=_rows(), totals={"count": 28, "budget": 21000},
        printed_by="مریم احمدی", printed_at=dt.datetime(2026, 11, 27, 11, 0, tzinfo=dt.UTC),
        filters_text="منطقه ۱ تا ۲۲", before=[LabelValues([("مسئول", "علی رضایی")])],
        after=[Table([Column("k", "کلید"), Column("v", "مقدار", "int")], [("الف", 1)], title="جدول دوم")],
    )
    write_xlsx(spec, path)
    return path


def _header_row(ws) -> int:  # type: ignore[no-untyped-def]
    for row in ws.iter_rows():
        if row[0].value == "نام واحد":
            return int(row[0].row)
    raise AssertionError("header not found")


def test_sheet_right_to_left_frozen_filtered(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    ws = wb.worksheets[0]
    assert ws.sheet_view.rightToLeft is True
    header = _header_row(ws)
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.auto_filter.ref == f"A{header}:H{header + len(_rows())}"
    assert ws["A1"].value == "گزارش واحدها"
    assert ws["A1"].font.b and ws.cell(header, 1).font.b
    assert all(c.font.name == "Tahoma" for row in ws.iter_rows() for c in row if c.value is not None)
    assert ws.column_dimensions["A"].width > ws.column_dimensions["B"].width  # sized to content


def test_text_exact_and_logical(workbook_path: Path) -> None:
    ws = load_workbook(workbook_path).worksheets[0]
    first = _header_row(ws) + 1
    assert ws.cell(first, 1).value == MIXED  # not reshaped, not reordered
    assert ws.cell(first, 8).value == "(رتبه ۳ از ۲۲)"
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(0xFB50 <= ord(ch) <= 0xFEFF for v in values for ch in v)  # no presentation forms
    assert any("مریم احمدی" in v for v in values) and any("۱۴۰۵/۰۹/۰۶ ۱۴:۳۰" in v for v in values)


def test_types_and_formats(workbook_path: Path) -> None:
    ws = load_workbook(workbook_path).worksheets[0]
    row = _header_row(ws) + 1
    name, count, budget, score, jalali, date, pct, note = (ws.cell(row, c) for c in range(1, 9))
    assert count.value == 7 and count.data_type == "n"
    assert budget.value == 12345678 and budget.number_format == "#,##0"
    assert score.value == 12.5 and score.number_format == "0.00"
    assert jalali.value == "۱۴۰۵/۰۹/۰۶" and jalali.data_type == "s"
    assert date.value == dt.datetime(2026, 11, 27) and date.is_date
    assert pct.value == pytest.approx(0.555) and pct.number_format == "0.0%"
    assert ws.cell(_header_row(ws), 6).value == "تاریخ (میلادی)"


def test_formula_like_text_stays_text(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    ws = wb.worksheets[0]
    notes = [ws.cell(r, 8) for r in range(_header_row(ws) + 2, _header_row(ws) + 2 + len(NASTY))]
    assert [c.value for c in notes] == NASTY
    for cell in notes:
        assert cell.data_type == "s"
    for c in notes[:4]:
        assert c.quotePrefix  # Excel keeps it text even when the cell is edited
    assert all(c.data_type != "f" for w in wb.worksheets for row in w.iter_rows() for c in row)
    with zipfile.ZipFile(workbook_path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_totals_and_extra_sheet(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    ws = wb.worksheets[0]
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] == "جمع" and last[1] == 28 and last[2] == 21000
    assert wb.sheetnames == ["گزارش واحدها", "جدول دوم"]
    assert wb.worksheets[1].sheet_view.rightToLeft


def test_empty_report_valid_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    write_xlsx(ReportSpec(title="خالی", columns=COLUMNS, rows=iter(())), path)
    ws = load_workbook(path).worksheets[0]
    texts = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert any(str(t).startswith("موردی برای نمایش وجود ندارد") for t in texts)


def test_streamed_generator_cancel_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"

    def rows():  # type: ignore[no-untyped-def]
        for i in range(100_000):
            yield (f"واحد {i}", i)

    seen: list[int] = []

    def cancel() -> bool:
        return len(seen) >= 3

    with pytest.raises(ReportCancelled):
        write_xlsx(ReportSpec(title="بزرگ", columns=COLUMNS[:2], rows=rows()), path,
                   progress=lambda d, t: seen.append(d), cancel=cancel)
    assert list(tmp_path.iterdir()) == []
    assert seen[:3] == [500, 1000, 1500]


def test_twenty_thousand_rows_stream(tmp_path: Path) -> None:
    path = tmp_path / "rows.xlsx"
    n = 20_000
    write_xlsx(ReportSpec(title="جریان", columns=COLUMNS[:3], rows=((f"واحد {i}", i, i * 10) for i in range(n))), path)
    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    last = None
    count = 0
    for values in ws.iter_rows(values_only=True):
        count += 1
        last = values
    wb.close()
    assert last == (f"واحد {n - 1}", n - 1, (n - 1) * 10)
    assert count >= n
