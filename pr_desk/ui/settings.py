"""Settings of this PC and user (not office data): declared once, with type and default.

The office's own data lives in the database; QSettings keeps only what belongs to the
desktop: the language, window geometry and the last folder used in file dialogs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

ORGANISATION = "PR Desk"
APPLICATION = "PR Desk"


class Setting(Generic[T]):
    """One declared setting. A plain class (not a dataclass): the language setting is read
    before the login dialog is shown, and `dataclasses` would be imported for it alone."""

    __slots__ = ("default", "key", "type")

    def __init__(self, key: str, type: type, default: T) -> None:
        self.key = key
        self.type = type
        self.default = default

    def __repr__(self) -> str:
        return f"Setting({self.key!r}, {self.type.__name__}, {self.default!r})"

    def get(self, store: QSettings | None = None) -> T:
        store = store or settings_store()
        if not store.contains(self.key):
            return self.default
        value = store.value(self.key)
        if value is None:
            return self.default
        try:
            if self.type is QByteArray:
                return value if isinstance(value, QByteArray) else self.default  # type: ignore[return-value]
            if self.type is bool:
                return (value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes"))  # type: ignore[return-value]
            return self.type(value)  # type: ignore[no-any-return]
        except (TypeError, ValueError):
            return self.default

    def set(self, value: T, store: QSettings | None = None) -> None:
        store = store or settings_store()
        store.setValue(self.key, value)
        store.sync()


def settings_store() -> QSettings:
    """The per-user settings file; under PR_DESK_HOME when set (tests, portable use)."""
    home = os.environ.get("PR_DESK_HOME")
    if home:
        return QSettings(str(Path(home) / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


LANGUAGE: Setting[str] = Setting("ui/language", str, "")
"""'fa' or 'en'; empty means not chosen yet (Persian)."""
MAIN_WINDOW_GEOMETRY: Setting[QByteArray] = Setting("ui/main_window_geometry", QByteArray, QByteArray())
LAST_FOLDER: Setting[str] = Setting("files/last_folder", str, "")
