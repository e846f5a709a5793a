"""One visual line at a time: shaping, reordering, bracket mirroring, logical wrapping."""

from __future__ import annotations

import unicodedata

import pytest
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from pr_desk.reports import fonts
from pr_desk.reports.bidi_text import (
    MIRRORED_PAIRS,
    embedding_levels,
    reshape,
    text_width,
    visual_line,
    visual_lines,
    wrap_logical,
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_python_bidi_leaves_brackets_unmirrored_which_is_why_we_mirror() -> None:
    # The trap this module exists for: get_display alone prints ")۲۲ زا ۳ هبتر(".
    assert get_display("(رتبه ۳ از ۲۲)", base_dir="R") == ")۲۲ زا ۳ هبتر("


def test_bracketed_rank_reads_right() -> None:
    visual = nfkc(visual_line("(رتبه ۳ از ۲۲)"))
    # Left to right on the page: "(" opens the phrase at the left end, ")" closes it at
    # the right end, where a right-to-left reader starts.
    assert visual == "(۲۲ زا ۳ هبتر)"


def test_latin_inside_persian_keeps_its_own_order_and_brackets() -> None:
    visual = nfkc(visual_line("تابع f(x) در نسخه 2.1 (beta) است"))
    assert "f(x)" in visual  # left-to-right run: brackets not mirrored
    assert "(beta) 2.1" in visual  # whole LTR run stays in reading order
    assert visual.endswith("عبات")  # the first Persian word is at the right end


def test_mixed_line_dates_percent_numbers_zwnj() -> None:
    text = "گزارش‌های واحد (IT) در ۱۴۰۵/۰۹/۰۶ با رشد ۵۰٪ و مبلغ ۱۲٬۳۴۵٫۶۷ ریال"
    visual = nfkc(visual_line(text))
    # Numbers, dates and percentages stay left to right inside the right-to-left line.
    assert "۱۴۰۵/۰۹/۰۶" in visual
    assert "۱۲٬۳۴۵٫۶۷" in visual
    # After Persian letters the digits are Arabic numbers (rule W2), so the percent sign
    # written after them lands on their left, as Persian typesetting puts it.
    assert "٪۵۰" in visual
    assert "(IT)" in visual
    # The zero-width non-joiner survives and keeps "های" apart from "گزارش".
    assert "\u200c" in visual_line(text)
    # Reading right to left gives the words in the order written.
    words = visual.split(" ")
    assert words[-1] == "گزارش\u200cهای"[::-1]
    assert words[0] == "ریال"[::-1]  # a word, not the rial sign ﷼ ligature
    assert "\ufdfc" not in visual_line(text)


@pytest.mark.parametrize("text", ["«نقل قول» و [یادداشت] {کد} <برچسب>", "(الف) و (ب)"])
def test_every_bracket_pair_mirrors_in_persian(text: str) -> None:
    visual = nfkc(visual_line(text))
    # Reversed, the visual string of pure Persian is the logical string with each
    # bracket mirrored; mirroring those back gives exactly what was written.
    back = visual[::-1].translate(str.maketrans(MIRRORED_PAIRS))
    assert back == nfkc(reshape(text))


def test_letters_are_shaped_with_joining_forms() -> None:
    shaped = visual_line("کتاب")
    assert all(0xFB50 <= ord(ch) <= 0xFEFF for ch in shaped)  # presentation forms
    assert nfkc(shaped) == "کتاب"[::-1]
    assert nfkc(visual_line("سلام")) == "م" + "لا" + "س"  # lam-alef ligature survives NFKC


def test_english_line_in_ltr_document_unchanged() -> None:
    assert visual_line("Report (draft) 12.5%", rtl=False) == "Report (draft) 12.5%"


def test_embedding_levels_follow_uax9() -> None:
    assert embedding_levels("ab (رتبه)") == [2, 2, 1, 1, 1, 1, 1, 1, 1]
    assert embedding_levels("") == []


_persian = st.sampled_from(list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی") + ["\u200c"])
_latin = st.sampled_from(list("abcXYZ"))
_digits = st.sampled_from(list("۰۱۲۳۴۵۶۷۸۹0123456789"))
_punct = st.sampled_from(list(" .,/:%-()[]«»") + ["٬", "٫", "٪", "،"])
_texts = st.lists(st.one_of(_persian, _latin, _digits, _punct), min_size=1, max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(_texts)
def test_same_order_as_python_bidi_apart_from_mirroring(text: str) -> None:
    ours = visual_line(text.strip() or "ا")
    reference = get_display(reshape(text.strip() or "ا"), base_dir="R")
    assert len(ours) == len(reference)
    for a, b in zip(ours, reference, strict=True):
        assert a == b or MIRRORED_PAIRS.get(b) == a


LONG = (
    "معاونت روابط عمومی شهرداری تهران گزارش عملکرد واحدهای روابط عمومی مناطق ۲۲ گانه "
    "را در نیمه دوم سال ۱۴۰۵ (از ۱۴۰۵/۰۷/۰۱ تا ۱۴۰۵/۱۲/۲۹) منتشر کرد؛ رشد ۵۰٪ بود."
)


def test_wrap_breaks_in_logical_order_and_fits_the_width() -> None:
    width = 150.0
    lines = wrap_logical(LONG, width, fonts.REGULAR, 10)
    assert len(lines) > 3
    assert " ".join(lines) == " ".join(LONG.split())  # nothing lost, nothing reordered
    assert lines[0].startswith("معاونت روابط")  # the first line holds the first words
    for line in lines:
        assert text_width(line, fonts.REGULAR, 10) <= width


def test_each_line_reordered_on_its_own() -> None:
    lines = visual_lines(LONG, 150.0, fonts.REGULAR, 10)
    assert nfkc(lines[0]).endswith("تنواعم")  # first word at the right of the first line
    assert "(۱۴۰۵/۰۷/۰۱" not in nfkc(" ".join(lines))  # no bracket stuck to a date
    assert all("\n" not in line for line in lines)


def test_word_wider_than_line_is_broken() -> None:
    lines = wrap_logical("https://example.org/" + "x" * 80, 60.0, fonts.REGULAR, 10)
    assert len(lines) > 1
    assert "".join(lines) == "https://example.org/" + "x" * 80


def test_explicit_newlines_kept() -> None:
    assert wrap_logical("سطر اول\nسطر دوم", 500, fonts.REGULAR, 10) == ["سطر اول", "سطر دوم"]


def test_an_isolated_latin_code_keeps_its_written_order_and_leaves_no_control_glyphs() -> None:
    from pr_desk.domain.text import ltr_isolate
    from pr_desk.reports.bidi_text import visual_line

    line = visual_line("دوره (" + ltr_isolate("1404-H1") + ")")
    assert "1404-H1" in line and "H1-1404" not in line
    assert not any(ch in line for ch in "\u2066\u2067\u2068\u2069\u200e\u200f")
