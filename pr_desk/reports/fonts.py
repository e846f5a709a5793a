"""The bundled Vazirmatn fonts, registered once with reportlab and used by every PDF."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

REGULAR = "Vazirmatn"
BOLD = "Vazirmatn-Bold"
MEDIUM = "Vazirmatn-Medium"

_FILES = {
    REGULAR: "Vazirmatn-Regular.ttf",
    BOLD: "Vazirmatn-Bold.ttf",
    MEDIUM: "Vazirmatn-Medium.ttf",
}
_lock = threading.Lock()
_registered = False


def font_path(name: str = REGULAR) -> Path:
    return FONT_DIR / _FILES[name]


def register_fonts() -> None:
    """Registers Vazirmatn (regular, bold, medium) with reportlab; safe to call often."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            # TTFont subsets and embeds the glyphs actually used in each document.
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


@cache
def covered_codepoints(name: str = REGULAR) -> frozenset[int]:
    """Code points the font has a glyph for (used to choose reshaper ligatures)."""
    register_fonts()
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)
