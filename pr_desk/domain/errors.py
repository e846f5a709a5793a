"""Errors in two kinds: a UserError is the environment's or the user's (shown translated);
anything else is our bug (logged in full, shown as an apology)."""

from __future__ import annotations

import re
import sys
from typing import Any

from pr_desk.domain.text import ltr_isolate, to_persian_digits
from pr_desk.i18n import _, current_language, ngettext

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_LATIN = re.compile(r"[A-Za-z/\\]")
_ISOLATES = ("\u2066", "\u2067", "\u2068")


def _isolated(value: Any) -> Any:
    """A Latin value (a file name, a path, a code) kept in its written order inside a
    Persian sentence: otherwise "damaged.xlsx ..." turns the whole sentence left to right
    and a path's leading "/" lands on the wrong side."""
    if isinstance(value, str) and _LATIN.search(value) and not value.startswith(_ISOLATES):
        return ltr_isolate(value)
    return value


def _persian_number(value: Any) -> Any:
    """An int, Decimal, float or number-looking text in Persian digits (۱۲٫۵); else as is."""
    if isinstance(value, bool):
        return value
    # decimal is not imported for this (the login dialog comes up before it is needed): a
    # Decimal can only exist once its module has been imported
    decimal = sys.modules.get("decimal")
    if isinstance(value, int | float) or (decimal is not None and isinstance(value, decimal.Decimal)):
        value = str(value)
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return to_persian_digits(value.replace(".", "\u066b"))
    return value


class UserError(Exception):
    """Bad input, a locked or full disk, a wrong file: something the user can act on.

    `message` is an English msgid with `{name}` fields filled from its parameters; it is
    translated when shown, so a language switch after the error shows the current language.
    A counted sentence is `N_plural(singular, plural)` with a `count` parameter.
    """

    def __init__(self, message: str | tuple[str, str], *, field: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params

    def translated(self) -> str:
        if isinstance(self.message, tuple):
            count = self.params.get("count")
            text = ngettext(*self.message, count if isinstance(count, int) else 2)
        else:
            text = _(self.message)
        # Parameters named *label are msgids of field labels: shown in the current language.
        params = {k: _(v) if k.endswith("label") and isinstance(v, str) else v for k, v in self.params.items()}
        if current_language() == "fa":
            # Numbers inside a Persian sentence read in Persian digits.
            params = {k: _isolated(_persian_number(v)) for k, v in params.items()}
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text

    def __str__(self) -> str:
        return self.translated()


class PermissionDenied(UserError):
    """The acting user's role does not allow this action."""


class StaleRecord(UserError):
    """The record changed since the user loaded it (optimistic locking)."""


class NotFound(UserError):
    """The record does not exist (or is deleted)."""


class ValidationError(UserError):
    """One or more fields are invalid; `problems` maps field names to messages."""

    def __init__(self, message: str, *, problems: dict[str, str] | None = None, **params: Any) -> None:
        super().__init__(message, **params)
        self.problems = problems or {}
