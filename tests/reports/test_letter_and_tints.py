"""Two blocks of the report model the directive register brought: an official letter, and
table cells on a background colour (a matrix of states); read back from PDF and Excel."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from pr_desk.i18n import current_language, set_language
from pr_desk.reports.excel import write_xlsx
from pr_desk.reports.model import Column, Letter, PageBreak, ReportSpec, Table, Tinted
from pr_desk.reports.pdf import write_pdf

from .helpers import in_order, line_text, pdftotext_pages, visual_lines

LETTER = Letter(number="د/۱۴۰۵/۰۱۲", date="۱۴۰۵/۰۹/۱۵", recipient="مدیر محترم روابط عمومی منطقه ۷",
                subject="ابلاغ دستورالعمل «پوشش خبری»", paragraphs=["ماده ۱ - همه واحدها (بدون استثنا) اقدام کنند.", "ماده ۲ - گزارش ماهانه."],
                sender="معاونت روابط عمومی", opening="بسمه تعالی", salutation="با سلام و احترام،", closing="خواهشمند است اقدام شود.",
                signer_name="مریم احمدی", signer_post="معاون روابط عمومی", copies=["اداره هماهنگی امور مناطق"])
MATRIX = Table([Column("number", "شماره", width=2), Column("d1", "۱"), Column("d2", "۲"), Column("late", "تأخیر", "int")],
               [{"number": "د/۱۴۰۵/۰۱۲", "d1": Tinted("وصول", "#e3f2fd"), "d2": Tinted("تأخیر", "#ef9a9a"), "late": 1},
                {"number": "ب/۱۴۰۵/۰۰۳", "d1": Tinted("=1+1", "#c8e6c9"), "d2": "", "late": Tinted(0, "#c8e6c9")}],
               title="جدول", totals={"late": 1}, compact=True)


@pytest.fixture(autouse=True)
def fa():  # type: ignore[no-untyped-def]
    before = current_language()
    set_language("fa")
    yield
    set_language(before)


def spec() -> ReportSpec:
    return ReportSpec(title="ابلاغ", before=[LETTER, PageBreak(), LETTER.__class__(**{**LETTER.__dict__, "recipient": "منطقه ۸"})],
                      after=[PageBreak(), MATRIX])


def test_letters_and_a_tinted_matrix_in_pdf(tmp_path: Path) -> None:
    path = write_pdf(spec(), tmp_path / "letters.pdf")
    pages = pdftotext_pages(path)
    assert len(pages) == 3  # a letter a page, then the matrix
    assert in_order(pages[0], "بسمه تعالی", "شماره", "تاریخ", "پیوست", "به", "از", "موضوع", "با سلام", "ماده", "ماده",
                    "خواهشمند", "مریم احمدی", "معاون روابط عمومی", "رونوشت", "اداره هماهنگی")
    printed = [line_text(chars) for chars in visual_lines(path, 0)]
    assert "(انثتسا نودب)" in "\n".join(printed) and "«یربخ ششوپ»" in "\n".join(printed)  # facing the right way
    assert any("۱۴۰۵/۰۱۲/د" in line for line in printed)  # the number as the screen shows it
    from pdfplumber import open as open_pdf

    with open_pdf(str(path)) as pdf:
        fills = {tuple(round(c, 2) for c in r["non_stroking_color"]) for r in pdf.pages[2].rects if r.get("non_stroking_color")}
    assert (0.94, 0.6, 0.6) in fills  # #ef9a9a behind the overdue cell


def test_letters_and_a_tinted_matrix_in_excel(tmp_path: Path) -> None:
    path = write_xlsx(spec(), tmp_path / "letters.xlsx")
    wb = load_workbook(path)
    first, matrix = wb.worksheets
    values = [c.value for row in first.iter_rows() for c in row if c.value is not None]
    assert in_order("\n".join(map(str, values)), "شماره:", "د/۱۴۰۵/۰۱۲", "به:", "مدیر محترم روابط عمومی منطقه ۷", "ماده ۱", "منطقه ۸")
    cells = {c.value: c for row in matrix.iter_rows() for c in row if c.value is not None}
    assert cells["تأخیر"].fill.fgColor.rgb.endswith("EF9A9A")
    assert cells["=1+1"].data_type == "s" and cells["=1+1"].fill.fgColor.rgb.endswith("C8E6C9")  # text, never a formula
    assert 0 in cells and cells[0].fill.fgColor.rgb.endswith("C8E6C9")
