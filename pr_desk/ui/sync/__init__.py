"""Offline field sync in the app: the import wizard, the export dialog and the conflict queue."""

from pr_desk.ui.sync.conflicts_view import ConflictsDialog
from pr_desk.ui.sync.export_dialog import ExportDialog
from pr_desk.ui.sync.import_wizard import ImportWizard

__all__ = ["ConflictsDialog", "ExportDialog", "ImportWizard"]
