"""The meeting queue workspace (ملاقات مردمی) of the main window.

`MeetingsWorkspace` is loaded on first use (PEP 562): the main window's status bar needs
only `status.py`, and importing the package for it must not import the whole workspace
(its report actions bring in the report catalogue and reportlab)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pr_desk.ui.meetings.workspace import MeetingsWorkspace


def __getattr__(name: str) -> Any:
    if name != "MeetingsWorkspace":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = import_module(f"{__name__}.workspace").MeetingsWorkspace
    globals()[name] = value
    return value


__all__ = ["MeetingsWorkspace"]
