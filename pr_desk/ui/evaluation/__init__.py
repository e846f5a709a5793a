"""The unit evaluation workspace (ارزیابی عملکرد روابط عمومی‌ها): periods and assignments,
the form, results with charts, and the template editor."""

from pr_desk.ui.evaluation.workspace import EvaluationWorkspace

__all__ = ["EvaluationWorkspace"]
