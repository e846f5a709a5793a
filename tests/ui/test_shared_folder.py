"""A database in a shared network folder (issue 16, item 3): found on Windows (a
\\\\server\\share path or a mapped network drive) and elsewhere (a CIFS/SMB/NFS mount), and
the app says once that one computer at a time may have it open."""

from __future__ import annotations

from pathlib import Path

import pytest

from pr_desk import paths
from pr_desk.paths import on_network_share
from tests.databases import fresh_office

MOUNTS = """/dev/sda1 / ext4 rw,relatime 0 0
//fileserver/office /mnt/office cifs rw,vers=3.0 0 0
nas:/export/pr /mnt/pr\\040data nfs4 rw 0 0
/dev/sdb1 /mnt/office/local ext4 rw 0 0
"""


@pytest.mark.parametrize(("path", "shared"), [
    ("\\\\fileserver\\office\\pr-desk.sqlite", True),
    ("//fileserver/office/pr-desk.sqlite", True),
    ("\\\\?\\UNC\\fileserver\\office\\pr-desk.sqlite", True),
    ("\\\\?\\C:\\Users\\کاربر\\pr-desk.sqlite", False),
    ("C:\\Users\\کاربر\\AppData\\Local\\PR Desk\\PR Desk\\pr-desk.sqlite", False),
])
def test_windows_shared_folder_paths(path: str, shared: bool) -> None:
    assert on_network_share(Path(path), windows=True) is shared


@pytest.mark.parametrize(("path", "shared"), [
    ("/mnt/office/pr-desk.sqlite", True),
    ("/mnt/pr data/pr-desk.sqlite", True),
    ("/mnt/office/local/pr-desk.sqlite", False),  # a local disk mounted inside the share
    ("/mnt/officer/pr-desk.sqlite", False),
    ("/home/clerk/pr-desk.sqlite", False),
])
def test_mounted_shares_elsewhere(path: str, shared: bool) -> None:
    assert on_network_share(Path(path), mounts=MOUNTS, windows=False) is shared


def test_the_app_warns_once_for_a_database_in_a_shared_folder(qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              no_modal_boxes: list[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from pr_desk.ui import shared_folder

    db, _admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                       admin_display_name="مدیر", admin_password="admin-pass-1405")
    try:
        assert not shared_folder.warn_if_on_shared_folder(None, db)  # a local folder: nothing said
        monkeypatch.setattr(paths, "on_network_share", lambda _path: True)
        assert shared_folder.warn_if_on_shared_folder(None, db)
        assert not shared_folder.warn_if_on_shared_folder(None, db)  # once per database in a run
    finally:
        db.dispose()
    assert len(no_modal_boxes) == 1 and "پوشه اشتراکی شبکه" in no_modal_boxes[0]
