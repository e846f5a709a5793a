"""A bar chart whose names would crowd under vertical bars lays them down (issue 18, item
18: the ranking of 46 units): a row per unit, every name whole on the start side, the bars
on one scale, in parts that flow over pages; read back from the PDF."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.platypus import KeepTogether

from pr_desk.reports.model import BarChart, ReportSpec
from pr_desk.reports.pdf import BAR_ROWS_PER_PART, bar_chart_flowable, write_pdf
from tests.reports.helpers import pdftotext_pages, squash

NAMES = [f"منطقه {i}" for i in range(1, 23)] + [f"سازمان نوسازی و بهسازی شهر شماره {i}" for i in range(1, 25)]


def _drawings(flowables) -> list[Drawing]:  # type: ignore[no-untyped-def]
    out = []
    for f in flowables:
        parts = f._content if isinstance(f, KeepTogether) else [f]
        out += [p for p in parts if isinstance(p, Drawing)]
    return out


def test_46_units_get_a_row_each_with_the_whole_name() -> None:
    values = [100 - i * 1.5 for i in range(len(NAMES))]
    flowables = bar_chart_flowable(BarChart(NAMES, values, title="امتیاز کل هر واحد", value_kind="score"), 770)
    drawings = _drawings(flowables)
    assert len(drawings) == -(-len(NAMES) // BAR_ROWS_PER_PART)  # parts that fit a page each
    assert not any(isinstance(c, VerticalBarChart) for d in drawings for c in d.contents)
    bars = [c for d in drawings for c in d.contents if isinstance(c, Rect)]
    assert len(bars) == len(NAMES)
    assert bars[0].width > bars[-1].width > 0  # one scale over the parts
    labels = [c.text for d in drawings for c in d.contents if isinstance(c, String)]
    assert not any("…" in t for t in labels)  # never cut
    # in Persian the names stand at the right edge, the bars grow to the left of them
    names = [c for c in drawings[0].contents if isinstance(c, String) and c.textAnchor == "end" and c.x == 770]
    assert len(names) == BAR_ROWS_PER_PART
    assert all(b.x + b.width <= 770 - 40 for b in bars)


def test_few_short_names_keep_vertical_bars() -> None:
    (kept,) = bar_chart_flowable(BarChart(["الف", "ب", "ج"], [3, 1, 2], title="نمودار"), 400)
    assert any(isinstance(c, VerticalBarChart) for c in kept._content[-1].contents)


def test_the_pdf_shows_every_name_whole(tmp_path: Path) -> None:
    values = [100 - i * 1.5 for i in range(len(NAMES))]
    path = write_pdf(ReportSpec(title="رتبه‌بندی", orientation="landscape",
                                after=[BarChart(NAMES, values, title="امتیاز کل هر واحد", value_kind="score")]),
                     tmp_path / "bars.pdf")
    text = squash("\n".join(pdftotext_pages(path)))
    for name in (NAMES[0], NAMES[21], NAMES[22], NAMES[-1]):
        assert squash(name) in text, name
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 2
