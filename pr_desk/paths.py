"""Where PR Desk keeps its files: the user's data, log and backup folders (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "PR Desk"
APP_AUTHOR = "PR Desk"
REPO_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = REPO_ROOT / "resources"


def data_dir() -> Path:
    override = os.environ.get("PR_DESK_HOME")
    path = Path(override) / "data" if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get("PR_DESK_HOME")
    path = Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / "pr-desk.sqlite"


def fonts_dir() -> Path:
    return RESOURCES / "fonts"
