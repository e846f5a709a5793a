"""Logs go to a rotating file in the user's log folder; details of our bugs end up there."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pr_desk.paths import log_dir

MAX_BYTES = 2_000_000
BACKUPS = 5


class RotatingLog(logging.FileHandler):
    """What logging.handlers.RotatingFileHandler does (a file of at most `max_bytes`, then
    .1 to .`backups`), without importing logging.handlers, which brings socket, pickle and
    queue along before the login dialog is shown (issue 17 §1)."""

    def __init__(self, path: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes, self.backups = max_bytes, backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        if not os.path.isfile(self.baseFilename):  # a device or a pipe never rotates
            return False
        size = self.stream.tell()
        return size > 0 and size + len(self.format(record)) + 1 >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        for n in range(self.backups - 1, 0, -1):
            older = f"{self.baseFilename}.{n}"
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{n + 1}")
        os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()


def configure(level: int = logging.INFO) -> Path:
    path = log_dir() / "pr-desk.log"
    root = logging.getLogger("pr_desk")
    if not any(isinstance(h, RotatingLog) for h in root.handlers):
        handler = RotatingLog(path)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
