"""Iranian mobile numbers (تلفن همراه), stored as eleven Latin digits "09xxxxxxxxx"."""

from __future__ import annotations

import re

from pr_desk.domain.errors import UserError
from pr_desk.domain.text import to_latin_digits
from pr_desk.i18n import N_

FIELD = "mobile"

MSG_EMPTY = N_("Enter the mobile number.")
MSG_INVALID = N_("“{text}” is not a mobile number. Write it as 09xxxxxxxxx, for example 09121234567.")

_SEPARATORS = dict.fromkeys(
    map(ord, " \t\n\r\u00a0\u202f\u2009-\u2010\u2011\u2012\u2013\u2014\u2212_.()\u200c\u200d\u200e\u200f"
             "\u061c\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
# +98 9.., 0098 9.., 98 9.., +98 09.. (a common slip), 09.., 9..
_MOBILE_RE = re.compile(r"(?:\+98|0098|98)?0?(9\d{9})", re.ASCII)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def normalize_mobile(s: str) -> str:
    """"۰۹۱۲ ۱۲۳ ۴۵۶۷", "+98 912 123 4567", "00989121234567", "9121234567" → "09121234567".

    Raises UserError(field="mobile") for anything that is not an Iranian mobile number.
    """
    if s is None or not str(s).strip():
        raise UserError(MSG_EMPTY, field=FIELD)
    text = str(s)
    cleaned = to_latin_digits(text).translate(_SEPARATORS) if len(text) <= 100 else ""
    match = _MOBILE_RE.fullmatch(cleaned)
    if match is None:
        raise UserError(MSG_INVALID, field=FIELD, text=_short(text.strip()))
    return "0" + match.group(1)


def is_valid_mobile(s: str) -> bool:
    if not isinstance(s, str):
        return False
    try:
        normalize_mobile(s)
    except UserError:
        return False
    return True


def mask_mobile(s: str) -> str:
    """"09121234567" → "0912***4567", for lists and reports; never fails."""
    number = to_latin_digits(s or "").translate(_SEPARATORS)
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
