"""Small pure validators shared by forms and services.

Each returns the cleaned value or raises UserError(field=...) whose message names the
field by its label. Labels are msgids (N_("Full name")); UserError shows them in the
current language (an already translated label passes through unchanged).
"""

from __future__ import annotations

import datetime as dt
import re

from pr_desk.domain.errors import UserError
from pr_desk.domain.text import clean_user_text, to_latin_digits
from pr_desk.i18n import N_

MSG_REQUIRED = N_("{label} is required.")
MSG_TOO_LONG = N_("{label} is too long: at most {max_len} characters, now {length}.")
MSG_ONE_LINE = N_("{label} must be a single line.")
MSG_NOT_A_NUMBER = N_("{label} must be a whole number.")
MSG_OUT_OF_RANGE = N_("{label} must be between {low} and {high}.")
MSG_DATE_ORDER = N_("{end_label} cannot be before {start_label}.")
MSG_USERNAME = N_(
    "The username must be 3 to 32 characters: English letters, digits, dot, underscore or hyphen."
)
MSG_PASSWORD_SHORT = N_("The password must be at least {min_len} characters long.")
MSG_PASSWORD_LONG = N_("The password must be at most {max_len} characters long.")
MSG_PASSWORD_DIGITS = N_("The password cannot be only digits; add letters or signs.")
MSG_PASSWORD_USERNAME = N_("The password cannot be the same as the username.")
MSG_PASSWORD_BLANK = N_("The password cannot start or end with a space.")
MSG_UNIT_CODE = N_(
    "The unit code must be 2 to 16 characters: English letters, digits or hyphens, "
    "starting with a letter (for example D07)."
)

USERNAME_RE = re.compile(r"[A-Za-z0-9._-]{3,32}", re.ASCII)
UNIT_CODE_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]{1,15}", re.ASCII)
PASSWORD_MIN_LEN = 8
PASSWORD_MAX_LEN = 256


def require_text(
    value: str | None,
    field_label: str,
    max_len: int,
    *,
    field: str | None = None,
    multiline: bool = False,
) -> str:
    """Cleaned (`clean_user_text`) non-empty text of at most `max_len` characters."""
    text = optional_text(value, field_label, max_len, field=field, multiline=multiline)
    if text is None:
        raise UserError(MSG_REQUIRED, field=field or field_label, label=field_label)
    return text


def optional_text(
    value: str | None,
    field_label: str,
    max_len: int,
    *,
    field: str | None = None,
    multiline: bool = False,
) -> str | None:
    """Like `require_text`, but empty input gives None."""
    if value is None:
        return None
    text = clean_user_text(value)
    if not text:
        return None
    if len(text) > max_len:
        raise UserError(MSG_TOO_LONG, field=field or field_label, label=field_label,
                        max_len=max_len, length=len(text))
    if not multiline and ("\n" in text or "\t" in text):
        raise UserError(MSG_ONE_LINE, field=field or field_label, label=field_label)
    return text


def require_int(
    value: int | str | None,
    field_label: str,
    low: int,
    high: int,
    *,
    field: str | None = None,
) -> int:
    """A whole number low..high, from an int or text in Persian/Latin digits."""
    key = field or field_label
    if value is None or (isinstance(value, str) and not value.strip()):
        raise UserError(MSG_REQUIRED, field=key, label=field_label)
    if isinstance(value, bool):
        raise UserError(MSG_NOT_A_NUMBER, field=key, label=field_label)
    if isinstance(value, int):
        number = value
    else:
        text = to_latin_digits(str(value)).strip().replace("\u2212", "-")
        if len(text) > 20 or not re.fullmatch(r"-?[0-9]+", text, re.ASCII):
            raise UserError(MSG_NOT_A_NUMBER, field=key, label=field_label)
        number = int(text)
    if not low <= number <= high:
        raise UserError(MSG_OUT_OF_RANGE, field=key, label=field_label, low=low, high=high)
    return number


def require_date_order(
    start: dt.date,
    end: dt.date,
    start_label: str,
    end_label: str,
    *,
    field: str | None = None,
) -> None:
    """Refuses an end date before the start date (the same day is fine)."""
    if end < start:
        raise UserError(MSG_DATE_ORDER, field=field or end_label, start_label=start_label, end_label=end_label)


def validate_username(value: str | None) -> str:
    """3–32 characters of a-z, 0-9, ".", "_", "-"; returned in lower case (usernames
    are case-insensitive)."""
    name = (value or "").strip()
    if not USERNAME_RE.fullmatch(name):  # checked before lower(): "\u212a".lower() == "k"
        raise UserError(MSG_USERNAME, field="username")
    return name.lower()


def validate_password(value: str, *, username: str | None = None) -> str:
    """At least 8 characters, not only digits, not the username; returned unchanged."""
    if value is None:
        value = ""
    if len(value) < PASSWORD_MIN_LEN:
        raise UserError(MSG_PASSWORD_SHORT, field="password", min_len=PASSWORD_MIN_LEN)
    if len(value) > PASSWORD_MAX_LEN:
        raise UserError(MSG_PASSWORD_LONG, field="password", max_len=PASSWORD_MAX_LEN)
    if value != value.strip():
        raise UserError(MSG_PASSWORD_BLANK, field="password")
    if value.isdigit():  # Persian and Arabic-Indic digits count as digits too
        raise UserError(MSG_PASSWORD_DIGITS, field="password")
    if username and value.casefold() == username.strip().casefold():
        raise UserError(MSG_PASSWORD_USERNAME, field="password")
    return value


def validate_unit_code(value: str | None) -> str:
    """2–16 characters, A-Z, 0-9 and "-", starting with a letter ("D07", "ORG-TRAFFIC");
    lower case is accepted and returned in upper case."""
    code = (value or "").strip()
    if not UNIT_CODE_RE.fullmatch(code):  # checked before upper(): "\u0131".upper() == "I"
        raise UserError(MSG_UNIT_CODE, field="code")
    return code.upper()
