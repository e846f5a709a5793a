"""Persian text: digits both ways, numbers with Persian separators, search normalisation."""

from __future__ import annotations

from decimal import Decimal

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"
THOUSANDS_SEPARATOR = "\u066c"  # ٬ ARABIC THOUSANDS SEPARATOR
DECIMAL_SEPARATOR = "\u066b"  # ٫ ARABIC DECIMAL SEPARATOR

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
