"""Logs go to a rotating file in the user's log folder; details of our bugs end up there."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from pr_desk.paths import log_dir


def configure(level: int = logging.INFO) -> Path:
    path = log_dir() / "pr-desk.log"
    root = logging.getLogger("pr_desk")
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
