"""The UI kit the workspaces build on: Jalali date widgets, a paged table model,
delegates, long-work runners and error display."""

from pr_desk.ui.kit import pyside_fixes

pyside_fixes.install()  # before any of our signals is emitted; see the module


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
