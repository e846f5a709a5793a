"""Every table of PR Desk on one metadata: the shared ones (data/models.py), each
workspace's (data/<workspace>/models.py, found through the workspace list) and the sync
bookkeeping. Whatever needs the whole schema (migrations, the schema check, sync) imports
`Base` from here."""

from __future__ import annotations

import importlib
import importlib.util

from pr_desk.data import models as _shared  # noqa: F401  (registers the shared tables)
from pr_desk.data.base import Base
from pr_desk.workspaces import WORKSPACES

for _workspace in WORKSPACES:
    _module = f"pr_desk.data.{_workspace.name}.models"
    if importlib.util.find_spec(_module) is not None:
        importlib.import_module(_module)

metadata = Base.metadata

__all__ = ["Base", "metadata"]
