"""The meeting queue workspace (ملاقات مردمی) of the main window."""

from pr_desk.ui.meetings.workspace import MeetingsWorkspace

__all__ = ["MeetingsWorkspace"]
