"""Persian text: digits both ways, numbers with Persian separators, search normalisation.

Two different jobs, two functions:

* `clean_user_text` — what we *store*. Text stays as the user typed it, only made
  well-formed and Persian-correct: NFC, no stray control characters, Arabic ي/ى/ك typed
  on an Arabic keyboard layout become Persian ی/ک. ZWNJ (نیم‌فاصله) is kept: it is part
  of correct Persian spelling.

* `normalize_for_search` / `search_key` — the *shadow* kept beside the text for search.
  Everything that makes two spellings of the same word differ is folded away (letter
  variants, digits, diacritics, tatweel, invisible characters, letter case).

ZWNJ decision: Persian writers type "می‌خواهم" (ZWNJ), "می خواهم" (space, no ZWNJ key) or
"میخواهم" (nothing). `normalize_for_search` keeps word boundaries (ZWNJ and zero-width
space become a space; runs of whitespace become one space), so the first two are equal.
`search_key` additionally drops every space, so all three are equal; it is the form to
store in a search column and to match with "contains" (`matches_search` does that in
memory). Both functions are idempotent: f(f(x)) == f(x).
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"
THOUSANDS_SEPARATOR = "\u066c"  # ٬ ARABIC THOUSANDS SEPARATOR
DECIMAL_SEPARATOR = "\u066b"  # ٫ ARABIC DECIMAL SEPARATOR
ZWNJ = "\u200c"

_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)
_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)


def to_latin_digits(text: str) -> str:
    """Persian and Arabic-Indic digits to ASCII digits; everything else unchanged."""
    return text.translate(_TO_LATIN)


def to_persian_digits(text: str | int) -> str:
    """ASCII and Arabic-Indic digits to Persian digits; everything else unchanged."""
    return str(text).translate(_TO_PERSIAN)


def format_number(value: int | Decimal | float, *, decimals: int | None = None, persian: bool = True) -> str:
    """12345.67 -> '۱۲٬۳۴۵٫۶۷' (Persian) or '12,345.67' (Latin)."""
    from decimal import Decimal  # here: the login dialog comes up before a number is formatted

    if decimals is None:
        text = f"{value:,}" if isinstance(value, int) else f"{Decimal(str(value)).normalize():,f}"
    else:
        text = f"{Decimal(str(value)):,.{decimals}f}"
    if not persian:
        return text
    text = text.replace(",", "\x00").replace(".", DECIMAL_SEPARATOR).replace("\x00", THOUSANDS_SEPARATOR)
    if text.startswith("-"):
        text = "\u2212" + text[1:]  # a real minus sign reads right in RTL text
    return to_persian_digits(text)


# --- storing -------------------------------------------------------------------------

# Arabic letters that an Arabic keyboard layout (or a copy from an Arabic web page) puts
# where Persian has its own letter.
_PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})

# Embedding/override/isolate controls can make stored text display misleadingly
# ("Trojan source"); LRM/RLM/ALM, ZWNJ and ZWJ are kept, they are legitimate in
# mixed Persian/Latin text.
_BIDI_EMBEDDINGS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_STRIP_EDGES = "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u2060"


class _CleanTable(dict[int, str | None]):
    """Translate table filled lazily, one code point at a time (fast for long texts)."""

    def __missing__(self, cp: int) -> str | None:
        ch = chr(cp)
        value: str | None
        if ch in "\n\t":
            value = ch
        elif ch == "\r":
            value = "\n"
        elif ch in _BIDI_EMBEDDINGS or ch == "\ufeff":
            value = None
        else:
            category = unicodedata.category(ch)
            # Cc: control characters; Cs: lone surrogates (cannot be stored as UTF-8)
            value = None if category in ("Cc", "Cs") else ch
        self[cp] = value
        return value


_CLEAN_TABLE = _CleanTable()


def clean_user_text(text: str) -> str:
    """The form in which user-typed text is stored.

    Strips surrounding whitespace (and invisible marks at the edges), NFC, turns CR LF
    and CR into LF, removes control characters except newline and tab, lone surrogates,
    BOM and bidi embedding/override/isolate controls, and writes Arabic ي/ى/ك as Persian
    ی/ک. Internal spacing and ZWNJ are kept as typed. The length limit is the caller's.
    """
    text = text.replace("\r\n", "\n")
    text = text.translate(_CLEAN_TABLE)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_PERSIAN_LETTERS)
    # strip whitespace and invisible edge marks together, until neither is left
    previous = None
    while previous != text:
        previous = text
        text = text.strip().strip(_STRIP_EDGES)
    return text


# --- searching -----------------------------------------------------------------------

_SEARCH_LETTERS = {
    "\u064a": "\u06cc",  # ي ARABIC YEH -> ی
    "\u0649": "\u06cc",  # ى ALEF MAKSURA -> ی
    "\u06d0": "\u06cc",  # ې
    "\u0643": "\u06a9",  # ك ARABIC KAF -> ک
    "\u06aa": "\u06a9",  # ڪ SWASH KAF -> ک
    "\u0629": "\u0647",  # ة TEH MARBUTA -> ه
    "\u06d5": "\u0647",  # ە AE (what ۀ decomposes to) -> ه
    "\u06be": "\u0647",  # ھ HEH DOACHASHMEE -> ه
    "\u06c1": "\u0647",  # ہ HEH GOAL -> ه
    "\u0671": "\u0627",  # ٱ ALEF WASLA -> ا
    "\u060c": ",",  # ، Arabic comma
    "\u061b": ";",  # ؛
    "\u061f": "?",  # ؟
    "\u066a": "%",  # ٪
    "\u066b": ".",  # ٫ decimal separator
    "\u066c": ",",  # ٬ thousands separator
    "\u0640": None,  # ـ tatweel
    "\u200c": " ",  # ZWNJ: a word boundary inside a word; see module docstring
    "\u200b": " ",  # zero-width space: a word boundary
}


class _SearchTable(dict[int, str | None]):
    def __missing__(self, cp: int) -> str | None:
        ch = chr(cp)
        value: str | None
        if ch in _SEARCH_LETTERS:
            value = _SEARCH_LETTERS[ch]
        else:
            category = unicodedata.category(ch)
            if category == "Nd":
                value = str(unicodedata.decimal(ch))  # any script's digits -> 0-9
            elif category in ("Mn", "Me") or unicodedata.combining(ch):
                value = None  # harakat, superscript alef, hamza above/below, accents
            elif category in ("Cf", "Cs", "Co", "Cn") and ch not in "\t\n\r":
                value = None  # bidi marks, ZWJ, BOM, soft hyphen; broken code points
            elif category == "Cc":
                value = " "  # tab, newline and other controls separate words
            else:
                value = ch
        self[cp] = value
        return value


_SEARCH_TABLE = _SearchTable()


SEARCH_WORDS = 8
"""How many words of a query a search matches (a pasted paragraph: its first ones): each
word is one more condition, and SQLite refuses a statement of about 500 of them
("Expression tree is too large")."""


def normalize_for_search(text: str) -> str:
    """A spelling-insensitive form of `text` for search; keeps single spaces between words.

    NFKD (presentation forms, full-width forms, آ أ إ ؤ ئ ۀ split into base letter + mark),
    casefold, then: diacritics/harakat/tatweel dropped, ي ى → ی, ك → ک, ة ۀ → ه,
    any digits → 0-9, Arabic punctuation → ASCII, ZWNJ → space, invisible characters
    removed, whitespace runs → one space, trimmed. "علي" → "علی", "۱۲۳" → "123".
    """
    text = unicodedata.normalize("NFKD", text)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = text.translate(_SEARCH_TABLE)
    return " ".join(text.split())


def search_key(text: str) -> str:
    """`normalize_for_search` without any spaces: "می‌خواهم", "می خواهم", "میخواهم" are equal.

    Store this in search shadow columns and compare with "contains" against the
    `search_key` of the query.
    """
    return normalize_for_search(text).replace(" ", "")


def matches_search(text: str, query: str) -> bool:
    """True when `query` occurs in `text`, insensitive to spelling variants and spacing."""
    return search_key(query) in search_key(text)


def localized_number(value: int | Decimal | float, *, decimals: int | None = None) -> str:
    """A number as the current language writes it: ۱۲٬۳۴۵ in Persian, 12,345 in English."""
    from pr_desk.i18n import current_language

    return format_number(value, decimals=decimals, persian=current_language() == "fa")


def localized_digits(text: str | int) -> str:
    """A count or a figure written into a sentence with the current language's digits:
    "۶" in Persian, "6" in English (the English text is left as written)."""
    from pr_desk.i18n import current_language

    return to_persian_digits(text) if current_language() == "fa" else str(text)


def file_size(size: int) -> str:
    """A file's size as people read it in the current language: bytes, then KB, MB or GB
    with one decimal ("۲٫۹ کیلوبایت", "2.9 KB"). A unit gives way to the next once its
    figure would reach four digits, so 1,000 KB reads "1.0 MB", not "1,000.0 KB"."""
    from pr_desk.i18n import N_, _, current_language

    persian = current_language() == "fa"
    if size < 1000:
        return _("{n} bytes").format(n=format_number(size, persian=persian))
    value = float(size)
    for unit in (N_("{n} KB"), N_("{n} MB")):
        value /= 1024
        if round(value, 1) < 1000:
            return _(unit).format(n=format_number(value, decimals=1, persian=persian))
    return _("{n} GB").format(n=format_number(value / 1024, decimals=1, persian=persian))


LRI, PDI = "\u2066", "\u2069"


def ltr_isolate(text: str) -> str:
    """Keeps a Latin code (1404-H1, A05-000123, a file path) in its written order inside
    Persian text: the bidi algorithm would otherwise show 1404-H1 as H1-1404."""
    return f"{LRI}{text}{PDI}" if text else text


FSI = "\u2068"
LRM, RLM = "\u200e", "\u200f"


def isolate(text: str) -> str:
    """User text of either direction (a Persian name in an English sentence, a Latin one in
    a Persian sentence) kept in its own direction inside a sentence of the current language,
    so "{name} (version 1)" stays name first in English, not "(1 version) name".

    The isolate keeps the name's run whole; the language's mark on each side is what Qt's
    own guess of a line's direction reads (it looks at the first strong letter and skips no
    isolate), and it keeps a figure after a Persian name from joining the name's run."""
    from pr_desk.i18n import is_rtl

    mark = RLM if is_rtl() else LRM
    return f"{mark}{FSI}{text}{PDI}{mark}" if text else text


def span(first: str, last: str) -> str:
    """A range of times, dates or numbers: "۰۹:۰۰ تا ۱۱:۰۰" in Persian, "09:00–11:00" in English.

    A Persian reader reads right to left, so "۰۹:۰۰–۱۱:۰۰" kept left to right reads as
    "from 11 to 9"; the word تا puts the first value first in either direction."""
    from pr_desk.i18n import _

    return _("{first}–{last}").format(first=first, last=last)


# --- sorting -------------------------------------------------------------------------

PERSIAN_ALPHABET = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
"""The 32 letters in the order Persian dictionaries, phone books and office registers list
them. آ sorts with ا (the search form writes it ا), as most Persian registers sort it."""

SORT_LAST = "\U0010ffff"
"""The greatest code point: written after a letter, it puts the pair after every text that
begins with that letter and before the next letter (UTF-8 bytes, and so SQLite's BINARY
and PostgreSQL's COLLATE "C", order as code points do). The search form drops it (an
unassigned code point), so no typed text holds it."""

SORT_MOVES = (
    ("\u067e", "\u0628" + SORT_LAST),  # پ right after ب
    ("\u0686", "\u062c" + SORT_LAST),  # چ right after ج
    ("\u0698", "\u0632" + SORT_LAST),  # ژ right after ز
    ("\u06a9", "\u0642" + SORT_LAST),  # ک right after ق
    ("\u06af", "\u0642" + SORT_LAST * 2),  # گ right after ک
    ("\u0648", "\u0646" + SORT_LAST),  # و right after ن, so before ه
)
"""Unicode already orders 26 of the 32 letters as the alphabet does (ا ب ت ث ج ح ... ن ه ی,
U+0627..U+06CC); only پ چ ژ ک گ (U+067E..U+06AF, after every Arabic letter) and و (U+0648,
after ه) are out of place. Each of those is written as the letter it follows in the
alphabet with SORT_LAST after it. Six replacements: the database repeats them in SQL
(data.queries.sorting.alphabetical), and SQLite's parser allows a few tens of nested calls
in a statement, too few for a character of its own for each of the 32 letters."""

SORT_FOLDS = (("\u0622", "\u0627"), (" ", ""), (ZWNJ, ""))
"""What the database's sort expression also folds, for stored texts that have no search
shadow (clean_user_text has already written ي ك as ی ک): آ as ا, and no spaces or ZWNJ,
as in `search_key`. On a search shadow they change nothing."""

_SORT_TABLE = str.maketrans(dict(SORT_MOVES))


def sort_key(text: str) -> str:
    """The key that sorts `text` in Persian alphabetical order by plain comparison (Python's
    `<`, SQLite's BINARY, PostgreSQL's COLLATE "C"): its `search_key` (variants, digits,
    case and spacing folded, so "علي" and "علی" sort together) with SORT_MOVES applied.
    Digits and Latin letters come before Persian letters. Over a search shadow the
    database's sort expression (data.queries.sorting.alphabetical) gives exactly this key."""
    return search_key(text).translate(_SORT_TABLE)
