"""PDFs read back: words, order, brackets, digits, page numbers, repeated headers, fonts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from pr_desk.i18n import current_language, set_language
from pr_desk.reports import (
    BarChart,
    Column,
    LabelValues,
    Paragraph,
    RadarChart,
    ReportCancelled,
    ReportSpec,
    Signatures,
    Table,
)
from pr_desk.reports.pdf import write_pdf

from .helpers import find_line, in_order, line_text, pdffonts, pdftotext_pages, squash

MIXED = "این گزارش (نسخه 2.1) عملکرد ۲۲ منطقه را تا ۱۴۰۵/۰۹/۰۶ نشان می‌دهد؛ رشد ۵۰٪ و امتیاز ۱۲٬۳۴۵٫۶۷ بود."
COLUMNS = [
    Column("name", "نام واحد", width=2.4),
    Column("rank", "رتبه", width=1.4),
    Column("budget", "بودجه (ریال)", "rials", 1.4),
    Column("score", "امتیاز", "score", 0.9),
    Column("date", "تاریخ", "date", 1.0),
]


def _rows(n: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i in range(n):
        name = f"اداره روابط عمومی منطقه {i + 1}"
        if i % 9 == 4:
            name += " (ساختمان مرکزی، طبقه سوم) و دفتر ارتباطات مردمی با نشانی pr@tehran.ir"
        rows.append({"name": name, "rank": "(رتبه ۳ از ۲۲)", "budget": 12345 * (i + 1),
                     "score": 12345.67 if i == 0 else 15 + i / 8, "date": dt.date(2026, 11, 27)})
    return rows


@pytest.fixture(scope="module")
def fa() -> Iterator[None]:
    before = current_language()
    set_language("fa")
    yield
    set_language(before)


@pytest.fixture(scope="module")
def report(fa: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = ReportSpec(
        title="گزارش عملکرد واحدها",
        subtitle="نیمه دوم سال ۱۴۰۵",
        columns=COLUMNS,
        rows=_rows(90),
        totals={"budget": sum(12345 * (i + 1) for i in range(90))},
        printed_by="مریم احمدی",
        printed_at=dt.datetime(2026, 11, 27, 11, 0, tzinfo=dt.UTC),
        filters_text="فیلتر: منطقه ۱ تا ۲۲، وضعیت «فعال»",
        before=[Paragraph(MIXED), LabelValues([("مسئول", "علی رضایی"), ("تعداد نامه‌ها", 1234)], title="مشخصات")],
        after=[
            BarChart(["منطقه ۱", "منطقه ۲", "منطقه ۳"], [10, 25, 7], title="تعداد درخواست‌ها"),
            RadarChart(["پاسخگویی", "سرعت", "کیفیت", "رضایت"], [[3, 4, 5, 2]], series_names=["۱۴۰۵"], maximum=5),
            Signatures([("تهیه‌کننده", "مریم احمدی"), ("تأییدکننده", "علی رضایی")]),
        ],
    )
    path = tmp_path_factory.mktemp("pdf") / "units.pdf"
    seen: list[tuple[int, int | None]] = []
    assert write_pdf(spec, path, progress=lambda d, t: seen.append((d, t))) == path
    assert seen and seen[-1][0] == seen[-1][1]  # progress ends at its total
    return path


@pytest.fixture(scope="module")
def pages(report: Path) -> list[str]:
    return pdftotext_pages(report)


def test_letterhead_on_every_page(pages: list[str]) -> None:
    assert len(pages) >= 3
    for page in pages:
        assert "معاونت روابط عمومی شهرداری تهران" in page
        assert "گزارش عملکرد واحدها" in page
        assert in_order(page, "چاپ‌کننده", "مریم احمدی")
        assert in_order(page, "تاریخ چاپ", "۱۴۰۵/۰۹/۰۶")  # Jalali print date...
        assert "۱۴:۳۰" in page  # ...in Tehran time


def test_print_date_line_as_printed(report: Path) -> None:
    # pdftotext glues the date and time runs together; the glyphs on the page are exact.
    # Left to right: time, date, then the label, so right to left it reads
    # "تاریخ چاپ: ۱۴۰۵/۰۹/۰۶ ۱۴:۳۰".
    assert line_text(find_line(report, "پاچ خیرات")) == "۱۴:۳۰ ۱۴۰۵/۰۹/۰۶ :پاچ خیرات"


def test_page_numbers_in_persian_digits(pages: list[str]) -> None:
    total = len(pages)
    persian_total = str(total).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    # pdftotext drops the space between a Persian word and a following digit run.
    assert squash(f"صفحه ۱ از {persian_total}") in squash(pages[0])
    assert squash(f"صفحه ۲ از {persian_total}") in squash(pages[1])


def test_page_number_line_as_printed(report: Path, pages: list[str]) -> None:
    total = str(len(pages)).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    # Left to right on the page; right to left it reads "صفحه ۲ از N".
    assert line_text(find_line(report, "هحفص", page=1)) == f"{total} زا ۲ هحفص"


def test_mixed_paragraph_words_in_written_order(pages: list[str]) -> None:
    first = pages[0]
    assert in_order(first, "این گزارش", "نسخه", "عملکرد", "منطقه", "نشان می‌دهد", "رشد", "امتیاز", "بود")
    assert "۱۲٬۳۴۵٫۶۷" in first
    assert "۱۴۰۵/۰۹/۰۶" in first
    assert "2.1" in first


def test_bracketed_rank_printed_right(report: Path) -> None:
    text = line_text(find_line(report, "زا ۳"))  # a table row holding "(رتبه ۳ از ۲۲)"
    middle = text.index("زا ۳")
    cell = text[text.rindex("(", 0, middle) : text.index(")", middle) + 1]
    # On the page, left to right: "(" then ۲۲ ... رتبه then ")": the phrase opens at the
    # right end where a Persian reader starts, and closes at the left.
    assert cell == "(۲۲ زا ۳ هبتر)"


def test_numbers_with_persian_separators(pages: list[str]) -> None:
    assert "۱۲٬۳۴۵" in pages[0]  # rials, first row
    assert "۱۲٬۳۴۵٫۶۷" in pages[0]  # score with two decimals
    assert "۱۴۰۵/۰۹/۰۶" in pages[0]  # a date column in Jalali


def test_first_logical_column_is_at_the_right(report: Path) -> None:
    header = find_line(report, "دحاو مان")
    text = line_text(header)
    # Left to right on the page the headers run date ... name: name is rightmost.
    assert text.rstrip().endswith("دحاو مان")
    assert text.index("خیرات") < text.index("زایتما") < text.index("هبتر") < text.index("دحاو مان")


def test_header_repeated_and_totals_on_last_table_page(pages: list[str]) -> None:
    assert "نام واحد" in pages[1] and "بودجه (ریال)" in pages[1] or "بودجه" in pages[1]
    assert in_order(pages[1], "نام واحد", "اداره روابط عمومی منطقه")
    table_pages = [p for p in pages if "اداره روابط عمومی منطقه" in p]
    assert len(table_pages) >= 2
    assert "جمع" in table_pages[-1]
    assert all("جمع" not in p for p in table_pages[:-1])


def test_long_cell_text_wraps_inside_its_cell(pages: list[str]) -> None:
    text = "\n".join(pages)
    assert in_order(text, "ساختمان مرکزی", "دفتر ارتباطات")
    assert "pr@tehran.ir" in text


def test_charts_and_signatures_printed(pages: list[str]) -> None:
    text = "\n".join(pages)
    assert "تعداد درخواست‌ها" in text
    assert "منطقه ۲" in text
    assert "پاسخگویی" in text and "کیفیت" in text
    assert "تهیه‌کننده" in text and "امضا و تاریخ" in text


def test_fonts_embedded(report: Path) -> None:
    fonts = pdffonts(report)
    assert fonts, "no fonts listed"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert any("Vazirmatn" in f["name"] for f in fonts)


def test_empty_report_says_nothing_to_show(fa: None, tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    write_pdf(ReportSpec(title="گزارش خالی", columns=COLUMNS, rows=[]), path)
    (page,) = pdftotext_pages(path)
    assert "موردی برای نمایش وجود ندارد" in page
    assert squash("صفحه ۱ از ۱") in squash(page)


def test_generator_rows_and_extra_table(fa: None, tmp_path: Path) -> None:
    path = tmp_path / "gen.pdf"
    extra = Table([Column("k", "کلید"), Column("v", "مقدار", "int")], [("الف", 1), ("ب", 2)], title="جدول دوم")
    write_pdf(ReportSpec(title="گزارش", columns=COLUMNS, rows=iter(_rows(3)), after=[extra]), path)
    text = "\n".join(pdftotext_pages(path))
    assert "جدول دوم" in text and "مقدار" in text
    assert "اداره روابط عمومی منطقه 3" in text


def test_landscape(fa: None, tmp_path: Path) -> None:
    import pdfplumber

    path = tmp_path / "wide.pdf"
    write_pdf(ReportSpec(title="افقی", columns=COLUMNS, rows=_rows(2), orientation="landscape"), path)
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        assert page.width > page.height


def test_cancel_leaves_no_file(fa: None, tmp_path: Path) -> None:
    path = tmp_path / "cancelled.pdf"
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(ReportCancelled):
        write_pdf(ReportSpec(title="لغو", columns=COLUMNS, rows=_rows(3000)), path, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_english_report_runs_left_to_right(tmp_path: Path) -> None:
    set_language("en")
    try:
        path = tmp_path / "en.pdf"
        write_pdf(ReportSpec(title="Units report", columns=[Column("a", "Name"), Column("n", "Count", "int")],
                             rows=[("Unit (A)", 1200)]), path)
        (page,) = pdftotext_pages(path)
        assert "Page 1 of 1" in page
        assert "Unit (A)" in page and "1,200" in page
        header = line_text(find_line(path, "Name"))
        assert header.index("Name") < header.index("Count")  # first column at the left
    finally:
        set_language("fa")


def test_count_charts_have_whole_number_ticks() -> None:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.platypus import KeepTogether

    from pr_desk.reports.model import BarChart
    from pr_desk.reports.pdf import bar_chart_flowable

    for values in ([1, 3, 2], [22, 13, 4, 7], [1234, 5678]):
        (kept,) = bar_chart_flowable(BarChart(["الف", "ب", "ج", "د"][: len(values)], values, title="نمودار"), 400)
        assert isinstance(kept, KeepTogether)
        drawing = kept._content[-1]
        chart = next(c for c in drawing.contents if isinstance(c, VerticalBarChart))
        assert chart.valueAxis.valueStep == int(chart.valueAxis.valueStep)
        assert chart.valueAxis.valueMax >= max(values)
