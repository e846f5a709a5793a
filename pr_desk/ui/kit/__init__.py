"""The UI kit the workspaces build on: Jalali date widgets, a paged table model,
delegates, long-work runners and error display.

The names below are loaded on first use (PEP 562), so that importing one small module
of the kit (the login dialog's forms) does not load all of it: the login dialog is
shown before the rest of the app is imported (ui/app.py's quick start)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from pr_desk.ui.kit import pyside_fixes

pyside_fixes.install()  # before any of our signals is emitted; see the module

if TYPE_CHECKING:
    from pr_desk.ui.kit.delegates import JalaliDateDelegate, PersianNumberDelegate, parse_number
    from pr_desk.ui.kit.jalali_calendar import CalendarCell, JalaliCalendarWidget
    from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit
    from pr_desk.ui.kit.messages import FieldError, FormField, error_box, show_error
    from pr_desk.ui.kit.paged_table_model import (
        ROW_ROLE,
        SORT_ROLE,
        Column,
        PagedTableModel,
        PageFetcher,
    )
    from pr_desk.ui.kit.progress import (
        JobCancelled,
        JobResult,
        JobStatus,
        ProgressDialog,
        Worker,
        run_with_progress,
    )
    from pr_desk.ui.kit.table_view import setup_table_view

_HOMES = {
    "delegates": ("JalaliDateDelegate", "PersianNumberDelegate", "parse_number"),
    "jalali_calendar": ("CalendarCell", "JalaliCalendarWidget"),
    "jalali_date_edit": ("JalaliDateEdit",),
    "messages": ("FieldError", "FormField", "error_box", "show_error"),
    "paged_table_model": ("ROW_ROLE", "SORT_ROLE", "Column", "PagedTableModel", "PageFetcher"),
    "progress": ("JobCancelled", "JobResult", "JobStatus", "ProgressDialog", "Worker", "run_with_progress"),
    "table_view": ("setup_table_view",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ROW_ROLE",
    "SORT_ROLE",
    "CalendarCell",
    "Column",
    "FieldError",
    "FormField",
    "JalaliCalendarWidget",
    "JalaliDateDelegate",
    "JalaliDateEdit",
    "JobCancelled",
    "JobResult",
    "JobStatus",
    "PageFetcher",
    "PagedTableModel",
    "PersianNumberDelegate",
    "ProgressDialog",
    "Worker",
    "error_box",
    "parse_number",
    "run_with_progress",
    "setup_table_view",
    "show_error",
]
