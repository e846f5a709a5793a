"""The Iranian national code (کد ملی): ten digits, the last one a check digit.

Check digit: s = sum(digit[i] * (10 - i) for i in 0..8); r = s % 11;
check = r if r < 2 else 11 - r. Codes of one repeated digit (0000000000, 1111111111, …)
pass that arithmetic but are never issued, so they are refused too.
"""

from __future__ import annotations

from pr_desk.domain.errors import UserError
from pr_desk.domain.text import to_latin_digits
from pr_desk.i18n import N_

FIELD = "national_code"
LENGTH = 10

MSG_EMPTY = N_("Enter the national code.")
MSG_NOT_DIGITS = N_("“{text}” is not a national code: it may contain only digits.")
MSG_LENGTH = N_("A national code has 10 digits; “{text}” has {count}.")
MSG_LENGTH_ZEROS = N_("A national code has 10 digits; “{text}” has {count}. If it starts with zeros, type them too.")
MSG_INVALID = N_("{code} is not a valid national code. Check it for a typing error.")

# spaces, dashes and invisible marks people (or copied text) put between digits
_SEPARATORS = dict.fromkeys(
    map(ord, " \t\n\r\u00a0\u202f\u2009-\u2010\u2011\u2012\u2013\u2014\u2212_\u200c\u200d\u200e\u200f"
             "\u061c\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def national_code_check_digit(first_nine: str) -> int:
    """The check digit for the first nine digits (Latin or Persian digits)."""
    digits = to_latin_digits(first_nine)
    if len(digits) != 9 or not (digits.isascii() and digits.isdigit()):
        raise ValueError("nine digits expected")
    r = sum(int(ch) * (10 - i) for i, ch in enumerate(digits)) % 11
    return r if r < 2 else 11 - r


def normalize_national_code(s: str) -> str:
    """The ten Latin digits of a national code typed with Persian/Latin digits, spaces or dashes.

    Raises UserError(field="national_code") when it is not a valid national code.
    """
    if s is None or not str(s).strip():
        raise UserError(MSG_EMPTY, field=FIELD)
    text = str(s)
    shown = _short(text.strip())
    code = to_latin_digits(text).translate(_SEPARATORS)
    if not (code.isascii() and code.isdigit()):
        raise UserError(MSG_NOT_DIGITS, field=FIELD, text=shown)
    if len(code) != LENGTH:
        message = MSG_LENGTH_ZEROS if len(code) in (8, 9) else MSG_LENGTH
        raise UserError(message, field=FIELD, text=shown, count=len(code))
    if len(set(code)) == 1 or national_code_check_digit(code[:9]) != int(code[9]):
        raise UserError(MSG_INVALID, field=FIELD, code=code)
    return code


def is_valid_national_code(s: str) -> bool:
    if not isinstance(s, str):
        return False
    try:
        normalize_national_code(s)
    except UserError:
        return False
    return True


def mask_national_code(s: str) -> str:
    """"0012345678" → "0012****78", for lists and reports; never fails."""
    code = to_latin_digits(s or "").translate(_SEPARATORS)
    if len(code) <= 6:
        return "*" * len(code)
    return code[:4] + "*" * (len(code) - 6) + code[-2:]
