"""The directive register workspace (دستورالعمل‌ها و آئین‌نامه‌ها): the register, a
directive's window with its approval steps, versions, links and units, the distribution
matrix and each unit's pending list."""

from pr_desk.ui.directives.workspace import DirectivesWorkspace

__all__ = ["DirectivesWorkspace"]
