"""The Windows installer (installer/pr_desk.nsi), compiled with makensis and run under Wine
the way IT would run it (issue 16, item 2): a per-user install without administrator rights,
its shortcuts and the .prsync association, an upgrade that keeps the user's data, an
uninstaller that removes the program and never the data, and /ALLUSERS for every user.

The payload is a small stand-in folder (what is tested is the installer's own behaviour; the
real payload is the Windows frozen build, .github/workflows/windows.yml). Needs Debian's
`nsis` and `wine` (CI installs them); skipped without them."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "pr_desk.nsi"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("makensis") and shutil.which("wine")),
                       reason="makensis and wine are not installed (apt-get install nsis wine)"),
]


def payload(folder: Path, version: str, *, extra: str | None = None) -> Path:
    (folder / "_internal").mkdir(parents=True)
    (folder / "pr-desk.exe").write_text(f"stand-in for the frozen app {version}\n")
    (folder / "pr-desk-cli.exe").write_text(f"stand-in for its command line {version}\n")
    (folder / "_internal" / "base_library.zip").write_text(version)
    if extra:
        (folder / "_internal" / extra).write_text("only in this version")
    return folder


def compile_installer(tmp: Path, version: str, **extra: str) -> Path:
    out = tmp / f"PRDesk-{version}-setup.exe"
    source = payload(tmp / f"payload-{version}", version, **extra)
    done = subprocess.run(["makensis", "-V2", f"-DPAYLOAD={source}", f"-DVERSION={version}", f"-DOUTFILE={out}",
                           str(SCRIPT)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


class Wine:
    def __init__(self, tmp: Path) -> None:
        self.home = tmp / "home"
        self.home.mkdir()
        self.prefix = tmp / "prefix"
        self.env = {**os.environ, "WINEPREFIX": str(self.prefix), "WINEDEBUG": "-all", "HOME": str(self.home),
                    "WINEDLLOVERRIDES": "winemenubuilder.exe=d"}  # no Linux menu entries on the test machine

    def run(self, exe: Path, *args: str) -> None:
        done = subprocess.run(["wine", str(exe), *args], env=self.env, capture_output=True, text=True, timeout=600,
                              check=False)
        assert done.returncode == 0, done.stdout + done.stderr

    @property
    def user(self) -> Path:
        users = [p for p in (self.prefix / "drive_c" / "users").iterdir() if p.name not in ("Public", "public")]
        return users[0]

    @property
    def local(self) -> Path:
        return self.user / "AppData" / "Local"

    def registry(self, hive: str) -> str:
        return (self.prefix / hive).read_text(encoding="utf-8", errors="replace")

    def wait_gone(self, path: Path, seconds: float = 60) -> bool:
        """The uninstaller copies itself and runs from a temporary folder: it ends after it returns."""
        deadline = time.monotonic() + seconds
        while path.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        return not path.exists()


def shortcuts(folder: Path) -> list[str]:
    return [p.name for p in folder.glob("*.lnk")] if folder.exists() else []


def test_per_user_install_upgrade_and_uninstall_keep_the_data(tmp_path: Path) -> None:
    first = compile_installer(tmp_path, "0.1.0", extra="old_module.pyd")
    second = compile_installer(tmp_path, "0.2.0")
    wine = Wine(tmp_path)

    wine.run(first, "/S")
    program = wine.local / "Programs" / "PRDesk"
    assert (program / "pr-desk.exe").read_text().endswith("0.1.0\n")
    assert (program / "uninstall.exe").exists() and (program / "_internal" / "old_module.pyd").exists()
    start_menu = wine.user / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    assert shortcuts(start_menu) and shortcuts(wine.user / "Desktop")
    user_reg = wine.registry("user.reg")
    assert "[Software\\\\Classes\\\\.prsync]" in user_reg and '@="PRDesk.SyncFile"' in user_reg
    assert 'pr-desk.exe\\" \\"%1\\""' in user_reg  # open command: "…\pr-desk.exe" "%1"
    assert "PRDesk.SyncFile" not in wine.registry("system.reg")  # nothing machine-wide: no administrator needed

    # The user's work, in their data folder (platformdirs: %LOCALAPPDATA%\PR Desk).
    data = wine.local / "PR Desk" / "office.sqlite"
    data.parent.mkdir(parents=True)
    data.write_bytes(b"the office's database")

    wine.run(second, "/S")  # an upgrade over the installed version
    assert (program / "pr-desk.exe").read_text().endswith("0.2.0\n")
    assert not (program / "_internal" / "old_module.pyd").exists(), "the older version's files must go"
    assert '"DisplayVersion"="0.2.0"' in wine.registry("user.reg")
    assert data.read_bytes() == b"the office's database"

    wine.run(program / "uninstall.exe", "/S")
    assert wine.wait_gone(program), "the program folder is still there"
    assert not shortcuts(start_menu) and not shortcuts(wine.user / "Desktop")
    assert not (program / "pr-desk-cli.exe").exists()
    assert "PRDesk.SyncFile" not in wine.registry("user.reg")
    assert data.read_bytes() == b"the office's database", "the uninstaller must never touch the user's data"


def test_all_users_install_goes_to_program_files(tmp_path: Path) -> None:
    setup = compile_installer(tmp_path, "0.1.0")
    wine = Wine(tmp_path)
    wine.run(setup, "/S", "/ALLUSERS")  # Wine's user is an administrator
    program = wine.prefix / "drive_c" / "Program Files" / "PRDesk"
    assert (program / "pr-desk.exe").exists() and (program / "all-users").exists()
    assert "PRDesk.SyncFile" in wine.registry("system.reg")
    assert not (wine.local / "Programs" / "PRDesk").exists()
    wine.run(program / "uninstall.exe", "/S")
    assert wine.wait_gone(program / "pr-desk.exe")
    assert "PRDesk.SyncFile" not in wine.registry("system.reg")
