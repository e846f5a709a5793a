"""Persian text: digits, numbers, storing and search normalisation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pr_desk.domain.text import (
    PERSIAN_ALPHABET,
    SORT_LAST,
    clean_user_text,
    format_number,
    matches_search,
    normalize_for_search,
    search_key,
    sort_key,
    to_latin_digits,
    to_persian_digits,
)

MB = 1024 * 1024

# Text drawn from the characters that matter here, plus anything at all.
persianish = st.text(
    alphabet=st.sampled_from(
        list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةۀآأإؤئءـ ۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789aZİß،؛؟٪٫٬")
        + ["\u200c", "\u200d", "\u200e", "\u200f", "\u202b", "\u202c", "\u2067", "\u2069", "\ufeff",
           "\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0670", "\u0654", "\t", "\n", "\r", "\x00",
           "\u00a0", "\u202f", "\u0301", "ﻋ", "ﻠ", "ﯽ", "\ud800"]
    )
)
any_text = st.one_of(persianish, st.text())


# --- digits and numbers ----------------------------------------------------------------

def test_to_latin_digits():
    assert to_latin_digits("۱۴۰۵/۰۹/۰۶") == "1405/09/06"
    assert to_latin_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert to_latin_digits("abc ۱2٣") == "abc 123"
    assert to_latin_digits("") == ""


def test_to_persian_digits():
    assert to_persian_digits("1405/09/06") == "۱۴۰۵/۰۹/۰۶"
    assert to_persian_digits(2024) == "۲۰۲۴"
    assert to_persian_digits("٤٥") == "۴۵"
    assert to_persian_digits("منطقه 7") == "منطقه ۷"


@given(st.text())
def test_digit_conversions_round_trip(text):
    assert to_latin_digits(to_persian_digits(to_latin_digits(text))) == to_latin_digits(text)


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (12345, {}, "۱۲٬۳۴۵"),
        (Decimal("12345.67"), {}, "۱۲٬۳۴۵٫۶۷"),
        (12345.67, {}, "۱۲٬۳۴۵٫۶۷"),
        (12345.67, {"persian": False}, "12,345.67"),
        (Decimal("2.5"), {"decimals": 2}, "۲٫۵۰"),
        (0, {}, "۰"),
        (-1500, {}, "\u2212۱٬۵۰۰"),
        (1_000_000_000_000, {"persian": False}, "1,000,000,000,000"),
    ],
)
def test_format_number(value, kwargs, expected):
    assert format_number(value, **kwargs) == expected


# --- search normalisation --------------------------------------------------------------

@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("علي", "علی"),
        ("كتاب", "کتاب"),
        ("مصطفى", "مصطفی"),
        ("مدرسة", "مدرسه"),
        ("خانۀ", "خانه"),
        ("خانهٔ", "خانه"),
        ("آب", "اب"),
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("مَدرِسِه", "مدرسه"),
        ("محمّد", "محمد"),
        ("خــــانه", "خانه"),
        ("۱۲۳", "123"),
        ("١٢٣", "123"),
        ("ALI Rezaei", "ali rezaei"),
        ("ﻋﻠﯽ", "علی"),  # presentation forms copied from a PDF
        ("\u202bسلام\u202c", "سلام"),
        ("\u200fسلام\u200e", "سلام"),
        ("سلام   دنیا\t\n", "سلام دنیا"),
        ("می\u200cخواهم", "می خواهم"),
        ("۱۲٬۳۴۵٫۶", "12,345.6"),
    ],
)
def test_normalize_for_search_equivalences(a, b):
    assert normalize_for_search(a) == normalize_for_search(b)


def test_normalize_for_search_examples():
    assert normalize_for_search("علي") == "علی"
    assert normalize_for_search("۱۲۳") == "123"
    assert normalize_for_search("  ") == ""
    assert normalize_for_search("") == ""


def test_zwnj_space_and_nothing_all_match_with_search_key():
    forms = ["می\u200cخواهم", "می خواهم", "میخواهم", "می\u200bخواهم", "مي خواهم"]
    assert len({search_key(f) for f in forms}) == 1
    # normalize_for_search keeps the word boundary: ZWNJ counts as a space
    assert normalize_for_search(forms[0]) == normalize_for_search(forms[1]) == "می خواهم"
    assert matches_search("درخواست: می‌خواهم با شهردار ملاقات کنم", "ميخواهم")
    assert matches_search("شماره ۱۲۳۴", "1234")
    assert not matches_search("علی", "رضا")


@settings(max_examples=300)
@given(any_text)
def test_normalize_for_search_is_idempotent(text):
    once = normalize_for_search(text)
    assert normalize_for_search(once) == once
    assert search_key(search_key(text)) == search_key(text)


@given(any_text)
def test_normalize_for_search_output_is_clean(text):
    out = normalize_for_search(text)
    assert out == out.strip()
    assert "  " not in out
    for bad in "\u200c\u200d\u200e\u200f\u202b\u0640\u064a\u0643\u0629\ufeff\x00":
        assert bad not in out
    assert not any("\u064b" <= ch <= "\u065f" for ch in out)
    out.encode("utf-8")  # no lone surrogates left


def test_normalize_for_search_huge_input_is_fast_enough():
    text = ("علي ۱۲۳ می‌خواهم " * (MB // 16))[:MB]
    out = normalize_for_search(text)
    assert out.startswith("علی 123 می خواهم")
    assert normalize_for_search(out) == out


# --- storing ---------------------------------------------------------------------------

def test_clean_user_text_persian_letters_and_nfc():
    assert clean_user_text("  علي كريمي  ") == "علی کریمی"
    assert clean_user_text("مصطفى") == "مصطفی"
    assert clean_user_text("e\u0301") == "\u00e9"  # NFC
    assert clean_user_text("\u06d5\u0654") == "\u06c0"  # NFC composes ۀ


def test_clean_user_text_keeps_zwnj_newlines_and_tabs():
    assert clean_user_text("می\u200cخواهم") == "می\u200cخواهم"
    assert clean_user_text("خط اول\r\nخط دوم\rخط سوم\tستون") == "خط اول\nخط دوم\nخط سوم\tستون"
    assert clean_user_text("a  b") == "a  b"  # internal spacing is the user's


def test_clean_user_text_removes_controls_and_bidi_overrides():
    assert clean_user_text("a\x00b\x07c\x1bd\x7f") == "abcd"
    assert clean_user_text("\u202eabc\u202c") == "abc"
    assert clean_user_text("\u2067علی\u2069") == "علی"
    assert clean_user_text("\ufeffسلام") == "سلام"
    assert clean_user_text("\u200c\u200f سلام \u200e\u200c") == "سلام"
    assert clean_user_text("bad\ud800surrogate") == "badsurrogate"
    assert clean_user_text("   \n\t  ") == ""
    assert clean_user_text("") == ""


@given(any_text)
def test_clean_user_text_is_idempotent_and_storable(text):
    once = clean_user_text(text)
    assert clean_user_text(once) == once
    once.encode("utf-8")
    assert "\u064a" not in once and "\u0643" not in once
    assert once == once.strip()


def test_clean_user_text_huge_and_mixed_scripts():
    text = ("Ali علي 123 ۱۲۳ ٤٥ \u202e\x00 " * (MB // 24))[:MB]
    out = clean_user_text(text)
    assert "\x00" not in out and "\u202e" not in out and "علي" not in out
    assert "Ali علی 123 ۱۲۳ ٤٥" in out


def test_a_file_size_reads_in_the_current_language() -> None:
    from pr_desk.domain.text import file_size
    from pr_desk.i18n import current_language, set_language

    before = current_language()
    try:
        set_language("fa")
        assert [file_size(n) for n in (0, 999, 3000, 1_024_000, 5 * 1024**3)] == [
            "۰ بایت", "۹۹۹ بایت", "۲٫۹ کیلوبایت", "۱٫۰ مگابایت", "۵٫۰ گیگابایت"]
        set_language("en")
        assert [file_size(n) for n in (1000, 3000, 3 * MB // 2, 2 * 1024**4)] == [
            "1.0 KB", "2.9 KB", "1.5 MB", "2,048.0 GB"]
        # Never four digits before a unit (but GB, the last): the edges either side.
        assert [file_size(n) for n in (1023 * 1024, 999 * 1024, 1_023_948, 1_023_949)] == [
            "1.0 MB", "999.0 KB", "999.9 KB", "1.0 MB"]
    finally:
        set_language(before)


# --- sorting ---------------------------------------------------------------------------

persian_words = st.text(alphabet=st.sampled_from(PERSIAN_ALPHABET), max_size=8)


def _alphabet_places(word: str) -> list[int]:
    """A word as a Persian reader orders it: letter by letter, by the letters' places."""
    return [PERSIAN_ALPHABET.index(c) for c in word]


def test_single_letters_sort_as_the_alphabet() -> None:
    assert sorted(PERSIAN_ALPHABET) != list(PERSIAN_ALPHABET), "by code point پ چ ژ ک گ come after ی"
    assert sorted(PERSIAN_ALPHABET, key=sort_key) == list(PERSIAN_ALPHABET)
    assert sorted(["ورزش", "پارک", "هنر", "گل", "کتاب"], key=sort_key) == ["پارک", "کتاب", "گل", "ورزش", "هنر"]


@given(persian_words, persian_words)
def test_words_sort_as_a_persian_reader_orders_them(a: str, b: str) -> None:
    """Comparing keys is comparing the words letter by letter in the alphabet's order (a
    word before every longer word it begins)."""
    assert (sort_key(a) < sort_key(b)) == (_alphabet_places(a) < _alphabet_places(b))
    assert (sort_key(a) == sort_key(b)) == (a == b)


@given(persian_words, persian_words, persian_words)
def test_a_common_beginning_keeps_the_order(prefix: str, a: str, b: str) -> None:
    if _alphabet_places(a) < _alphabet_places(b):
        assert sort_key(prefix + a) < sort_key(prefix + b)
    assert sort_key(prefix) <= sort_key(prefix + a)


@given(any_text)
def test_the_sort_key_is_the_search_forms_key(text: str) -> None:
    """Deterministic, and spelling variants sort together: what search folds, sorting folds."""
    assert sort_key(text) == sort_key(text) == sort_key(search_key(text))
    assert SORT_LAST not in search_key(text)  # the mark the key adds is never in the text itself


def test_what_sorts_before_the_letters_and_how_variants_sort() -> None:
    # digits (of any script) and Latin letters before Persian letters; آ with ا; Arabic ي ك as ی ک
    assert sorted(["ب", "آب", "اب", "12", "۳", "abc", "Abd"], key=sort_key) == ["12", "۳", "abc", "Abd", "آب", "اب", "ب"]
    assert sort_key("آب") == sort_key("اب") and sort_key("علي") == sort_key("علی") and sort_key("كيوان") == sort_key("کیوان")
    assert sort_key("می‌خواهم") == sort_key("می خواهم") == sort_key("میخواهم")
