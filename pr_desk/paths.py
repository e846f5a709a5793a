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


# File systems on which two computers may open the same file (SQLite's locks and its
# write-ahead log are not safe there when they do).
NETWORK_FILE_SYSTEMS = frozenset({"cifs", "smb3", "smbfs", "nfs", "nfs4", "afs", "9p", "fuse.sshfs", "davfs", "fuse.davfs2"})


def on_network_share(path: Path, *, mounts: str | None = None, windows: bool | None = None) -> bool:
    """`path` is in a shared network folder (a `\\\\server\\share` path or a mapped network
    drive on Windows; a CIFS/SMB/NFS mount elsewhere). `mounts` (/proc/mounts' text) and
    `windows` are for tests."""
    windows = os.name == "nt" if windows is None else windows
    if windows:
        text = str(path)
        if text.startswith(("\\\\?\\UNC\\", "//")) or (text.startswith("\\\\") and not text.startswith("\\\\?\\")):
            return True
        drive = text[:2]
        if len(drive) == 2 and drive[1] == ":" and os.name == "nt":
            import ctypes

            drive_remote = 4
            return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)  # type: ignore[attr-defined]
        return False
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    resolved = str(Path(path).resolve(strict=False))
    best, best_type = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, best_type = point, fields[2]
    return best_type in NETWORK_FILE_SYSTEMS
