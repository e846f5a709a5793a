"""Persian text for reportlab: shape and reorder one visual line, wrap in logical order.

reportlab draws glyphs left to right as given, so Persian must arrive shaped (contextual
letter forms, via arabic_reshaper) and in visual order (via python-bidi). Two traps:

* python-bidi 0.5+ (the Rust implementation) reorders but does not apply rule L4, so
  "(رتبه ۳)" would print as ")رتبه ۳(". We take the resolved embedding levels from it,
  mirror every mirrored character at an odd (right-to-left) level, and reorder (L2).
* Reordering a whole paragraph reverses its line order; we break lines in logical order
  first, measuring the shaped text with the font, and reorder each line on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import arabic_reshaper
from arabic_reshaper.ligatures import LETTERS_LIGATURES, SENTENCES_LIGATURES, WORDS_LIGATURES
from bidi import get_display
from reportlab.pdfbase.pdfmetrics import stringWidth

from pr_desk.reports import fonts

# Bidi_Mirroring_Glyph pairs for the characters office text actually uses.
MIRRORED_PAIRS: dict[str, str] = {
    "(": ")", ")": "(",
    "[": "]", "]": "[",
    "{": "}", "}": "{",
    "<": ">", ">": "<",
    "«": "»", "»": "«",
    "‹": "›", "›": "‹",
    "≤": "≥", "≥": "≤",
}
_MIRROR_TABLE = str.maketrans(MIRRORED_PAIRS)
_RTL_CLASSES = frozenset({"R", "AL", "AN"})
# Characters that end a bidi paragraph; one visual line never contains them.
_PARAGRAPH_BREAKS = re.compile("[\r\n\x1c\x1d\x1e\x85\u2029\u2028]")
_LEVEL_RE = re.compile(r"Level\(\s*(\d+),?\s*\)")


def _reshaper_for_font() -> arabic_reshaper.ArabicReshaper:
    # Letter ligatures (lam-alef) only where the bundled font has the glyph (the reshaper
    # can check this itself only with fonttools). Word and sentence ligatures stay off:
    # they would print "ریال" as the sign ﷼ and whole phrases as one glyph.
    covered = fonts.covered_codepoints(fonts.REGULAR)
    config: dict[str, bool] = {"delete_harakat": False, "support_zwj": True}
    for name, _replacement in (*SENTENCES_LIGATURES, *WORDS_LIGATURES):
        config[name] = False
    for name, (_match, forms) in LETTERS_LIGATURES:
        wanted = [f for f in forms if f]
        config[name] = all(ord(ch) in covered for f in wanted for ch in f)
    reshaper = arabic_reshaper.ArabicReshaper(configuration=config)
    # The reshaper reads six booleans from a configparser section on every call, which
    # costs more than the shaping itself; after set-up a plain snapshot answers the same.
    reshaper.configuration = _FrozenConfig(reshaper.configuration)
    return reshaper


class _FrozenConfig:
    def __init__(self, section: Any) -> None:
        self._bools: dict[str, bool] = {}
        self._values = dict(section.items())
        for key in self._values:
            try:
                self._bools[key] = section.getboolean(key)
            except ValueError:
                pass

    # configparser keys are case-insensitive (stored lower-case).
    def getboolean(self, key: str) -> bool:
        return self._bools[key.lower()]

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key.lower(), default)


_reshaper: arabic_reshaper.ArabicReshaper | None = None


@lru_cache(maxsize=65536)
def reshape(text: str) -> str:
    """Contextual letter forms (presentation forms) for Arabic-script text; logical order."""
    global _reshaper
    if _reshaper is None:
        _reshaper = _reshaper_for_font()
    return str(_reshaper.reshape(text))


def has_rtl(text: str) -> bool:
    """True if any character is right-to-left (Persian/Arabic letters or Arabic digits)."""
    bidirectional = unicodedata.bidirectional
    return any(bidirectional(ch) in _RTL_CLASSES for ch in text)


def _needs_shaping(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def embedding_levels(text: str, *, rtl: bool = True) -> list[int]:
    """Resolved bidi embedding level of each character of one line (UAX #9, before L1)."""
    if not text:
        return []
    debug = str(get_display(text, base_dir="R" if rtl else "L", debug=True))
    # The debug dump prints the text first (escaped, so no raw newline in it), then the
    # classes, then one level per UTF-8 byte.
    start = debug.rindex("\n    levels: [")
    end = debug.index("\n    paragraphs: [", start)
    byte_levels = [int(x) for x in _LEVEL_RE.findall(debug, start, end)]
    levels: list[int] = []
    offset = 0
    for ch in text:
        levels.append(byte_levels[offset])
        offset += len(ch.encode("utf-8"))
    return levels


def _reorder(text: str, levels: list[int], base: int) -> str:
    """Rules L1 (line-end whitespace to base level), L4 (mirroring) and L2 (reversal)."""
    chars = list(text)
    levels = list(levels)
    bidirectional = unicodedata.bidirectional
    i = len(chars) - 1
    while i >= 0 and bidirectional(chars[i]) in ("WS", "BN", "S"):
        levels[i] = base
        i -= 1
    for k, ch in enumerate(chars):
        if ch in MIRRORED_PAIRS and levels[k] % 2 == 1:
            chars[k] = MIRRORED_PAIRS[ch]
    highest = max(levels)
    lowest_odd = min(lv for lv in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        k = 0
        n = len(chars)
        while k < n:
            if levels[k] >= level:
                j = k
                while j < n and levels[j] >= level:
                    j += 1
                chars[k:j] = chars[k:j][::-1]
                levels[k:j] = levels[k:j][::-1]
                k = j
            else:
                k += 1
    return "".join(chars)


def visual_line(text: str, *, rtl: bool = True) -> str:
    """One line of logical text -> shaped glyph string in visual (left-to-right) order.

    `rtl` is the paragraph direction: True for Persian documents.
    """
    if not text:
        return ""
    text = _PARAGRAPH_BREAKS.sub(" ", text)
    return _visual_line_cached(text, rtl)


# Directional marks and isolates steer the reordering; the font has no glyphs for them,
# so they are dropped from the visual string once they have done their work.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@lru_cache(maxsize=65536)
def _visual_line_cached(text: str, rtl: bool) -> str:
    shaped = reshape(text) if _needs_shaping(text) else text
    if not rtl and not has_rtl(shaped):
        return _BIDI_CONTROLS.sub("", shaped)  # plain left-to-right text: nothing to reorder
    if not any(ch in MIRRORED_PAIRS for ch in shaped):
        return _BIDI_CONTROLS.sub("", str(get_display(shaped, base_dir="R" if rtl else "L")))
    return _BIDI_CONTROLS.sub("", _reorder(shaped, embedding_levels(shaped, rtl=rtl), 1 if rtl else 0))


Measure = Callable[[str], float]


def measurer(font_name: str, font_size: float) -> Measure:
    """Width in points of a logical string once shaped, in `font_name` at `font_size`."""
    fonts.register_fonts()

    @lru_cache(maxsize=16384)
    def width(word: str) -> float:
        shaped = reshape(word) if _needs_shaping(word) else word
        return float(stringWidth(shaped, font_name, font_size))

    return width


@lru_cache(maxsize=32)
def _cached_measurer(font_name: str, font_size: float) -> Measure:
    return measurer(font_name, font_size)


def wrap_logical(text: str, width: float, font_name: str, font_size: float) -> list[str]:
    """Breaks text into lines no wider than `width`, each still in logical order.

    Explicit newlines start a new line; words wider than a line are broken by character.
    Letters never join across a space, so each word is shaped and measured on its own.
    """
    measure = _cached_measurer(font_name, font_size)
    space = measure(" ")
    lines: list[str] = []
    for paragraph in _PARAGRAPH_BREAKS.split(text):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current: list[str] = []
        current_width = 0.0
        for word in words:
            w = measure(word)
            if w > width:
                if current:
                    lines.append(" ".join(current))
                    current, current_width = [], 0.0
                pieces = _break_word(word, width, measure)
                lines.extend(pieces[:-1])
                word = pieces[-1]
                w = measure(word)
            added = w if not current else current_width + space + w
            if current and added > width:
                lines.append(" ".join(current))
                current, current_width = [word], w
            else:
                current.append(word)
                current_width = added
        lines.append(" ".join(current))
    return lines


def _break_word(word: str, width: float, measure: Measure) -> list[str]:
    pieces: list[str] = []
    piece = ""
    for ch in word:
        if piece and measure(piece + ch) > width:
            pieces.append(piece)
            piece = ch
        else:
            piece += ch
    pieces.append(piece)
    return pieces


def visual_lines(
    text: str, width: float, font_name: str, font_size: float, *, rtl: bool = True
) -> list[str]:
    """Wraps in logical order, then shapes and reorders each line on its own."""
    return [visual_line(line, rtl=rtl) for line in wrap_logical(text, width, font_name, font_size)]


def text_width(text: str, font_name: str, font_size: float) -> float:
    """Width in points of one line of logical text once shaped."""
    return _cached_measurer(font_name, font_size)(text)
