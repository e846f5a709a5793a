"""A Linux desktop without the libraries Qt's window needs gets the line that fixes it
(issue 16, item 4), instead of Qt's abort with "could not load the Qt platform plugin xcb"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pr_desk.ui.preflight import display_problem, install_lines, missing_from_ldd

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)
"""


def test_the_missing_libraries_are_read_from_ldd_once_each() -> None:
    assert missing_from_ldd(LDD_MISSING) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0"]
    assert missing_from_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


def test_one_install_line_names_every_package() -> None:
    apt, dnf = install_lines(["libxcb-icccm.so.4", "libxcb-cursor.so.0", "libxcb-randr.so.0", "libxcb-shape.so.0"])
    assert apt == "sudo apt-get install libxcb-icccm4 libxcb-cursor0 libxcb-randr0 libxcb-shape0"
    assert dnf == "sudo dnf install xcb-util-wm xcb-util-cursor libxcb"
    # a library not in the table: Debian's naming rule
    assert install_lines(["libfoo-2.so.0"])[0] == "sudo apt-get install libfoo-2-0"


def test_missing_libraries_give_the_install_line_in_persian_and_english() -> None:
    problem = display_problem({"DISPLAY": ":0"}, ldd=lambda _path: LDD_MISSING, loadable=lambda _lib: False,
                              platform="linux")
    assert problem is not None
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-cursor0" in problem
    assert "کتابخانه" in problem and "missing" in problem


def test_no_display_is_said_as_such() -> None:
    problem = display_problem({}, ldd=lambda _path: "", platform="linux")
    assert problem is not None and "DISPLAY" in problem and "نمایشگر" in problem


def test_nothing_is_said_when_the_window_can_open() -> None:
    assert display_problem({"DISPLAY": ":0"}, ldd=lambda _path: "", loadable=lambda _lib: True, platform="linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None
    assert display_problem({}, platform="win32") is None


def test_the_app_says_it_and_ends_instead_of_aborting(tmp_path: Path) -> None:
    """The real start-up with no display and the xcb platform: exit 1 with the sentence, no Qt abort."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["HOME"] = str(tmp_path)
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    done = subprocess.run([sys.executable, "-c", "import sys; from pr_desk.start import main; sys.exit(main(sys.argv[1:]))",
                           "--db", str(tmp_path / "x.sqlite")], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert "DISPLAY" in done.stderr and "could not load the Qt platform plugin" not in done.stderr
    assert not (tmp_path / "x.sqlite").exists()
