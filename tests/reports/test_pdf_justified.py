"""Body text in the PDFs is set even on both sides (issue 18, item 20): every line of a
paragraph but its last reaches both edges; the last keeps to the right in Persian, and a
paragraph split over two pages keeps its lines stretched."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from pr_desk.reports.model import Paragraph, ReportSpec, Signatures
from pr_desk.reports.pdf import write_pdf

SENTENCE = ("واحدهای روابط عمومی هر دوره بر پایه شاخص‌های وزن‌دار ارزیابی می‌شوند و بازرس با بازدید میدانی و "
            "بررسی مستندات امتیاز هر شاخص را ثبت می‌کند؛ سرپرست پس از بررسی فرم را تأیید یا با توضیح برمی‌گرداند. ")


def _lines(path: Path, page_no: int = 0) -> list[tuple[float, float]]:
    """(left, right) of each line of body text on the page, top to bottom (the page's own
    header, its rule and the footer left out)."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_no]
        rows: dict[int, list[dict]] = {}  # type: ignore[type-arg]
        for w in page.extract_words(x_tolerance=1):
            if 70 < w["top"] < page.height - 60:
                rows.setdefault(round(w["top"]), []).append(w)
        return [(min(w["x0"] for w in ws), max(w["x1"] for w in ws)) for _top, ws in sorted(rows.items()) if len(ws) > 3]


def test_a_paragraph_runs_even_on_both_sides_and_ends_on_the_right(tmp_path: Path) -> None:
    path = write_pdf(ReportSpec(title="آزمون", before=[Paragraph(SENTENCE * 3)]), tmp_path / "p.pdf")
    lines = _lines(path)
    assert len(lines) >= 4
    *full, last = lines
    lefts = {round(left) for left, _r in full}
    rights = {round(right) for _l, right in full + [last]}
    assert len(lefts) == 1 and len(rights) == 1, lines  # a straight edge on both sides
    assert last[0] > min(lefts) + 20  # the last line is not stretched; it keeps to the right


def test_a_paragraph_split_over_pages_stays_even(tmp_path: Path) -> None:
    path = write_pdf(ReportSpec(title="آزمون", before=[Paragraph(SENTENCE * 60), Signatures([("بازرس", "حسین")])]),
                     tmp_path / "long.pdf")
    first = _lines(path, 0)
    assert len(first) > 20
    assert len({round(left) for left, _r in first}) == 1  # the first page's part: every line to both edges
