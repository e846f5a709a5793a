"""Can this Linux desktop show PR Desk's window? Looked at before Qt is loaded.

Qt's xcb platform plugin aborts the process ("could not load the Qt platform plugin xcb")
when a library it links is missing, before Python can say anything; so the app (ui/app.py)
and scripts/demo.sh (`python -m pr_desk.ui.preflight`) look first, and name the one install
line that fixes it. This module imports no Qt: it only finds Qt's files to ask `ldd`."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

# The libraries Qt's xcb plugin needs, and the package that brings each (Debian, Fedora).
XCB_PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
}
# Loaded by Qt at run time (dlopen), so `ldd` cannot see them missing.
XCB_DLOPENED = ("libxcb-cursor.so.0",)


def missing_from_ldd(output: str) -> list[str]:
    """The libraries `ldd` reports as "not found", in order, each once."""
    found: list[str] = []
    for line in output.splitlines():
        name, sep, rest = line.strip().partition(" => ")
        if sep and rest.strip().startswith("not found") and name not in found:
            found.append(name)
    return found


def install_lines(missing: Sequence[str]) -> tuple[str, str]:
    """The one `apt-get install` line (and the `dnf` one) that brings every missing library."""
    debian: list[str] = []
    fedora: list[str] = []
    for library in missing:
        deb, rpm = XCB_PACKAGES.get(library, (_guess_debian_package(library), library.split(".so")[0]))
        if deb not in debian:
            debian.append(deb)
        if rpm not in fedora:
            fedora.append(rpm)
    return "sudo apt-get install " + " ".join(debian), "sudo dnf install " + " ".join(fedora)


def _guess_debian_package(library: str) -> str:
    """Debian's rule for a library package: libfoo.so.3 -> libfoo3, libfoo-1.so.0 -> libfoo-1-0."""
    stem, _sep, version = library.partition(".so.")
    stem = stem.lower()
    return f"{stem}-{version}" if stem[-1:].isdigit() else f"{stem}{version}"


def _qt_xcb_files() -> list[str]:
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.origin:
        return []
    qt = os.path.join(os.path.dirname(spec.origin), "Qt")
    files = [os.path.join(qt, "plugins", "platforms", "libqxcb.so"), os.path.join(qt, "lib", "libQt6XcbQpa.so.6")]
    return [f for f in files if os.path.exists(f)]


def _loadable(library: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def display_problem(environ: Mapping[str, str] | None = None, *, ldd: Callable[[str], str] | None = None,
                    loadable: Callable[[str], bool] = _loadable, platform: str | None = None) -> str | None:
    """Why this Linux desktop cannot show PR Desk's window, with the line that fixes it, in
    Persian and English; None when it can (or on Windows and macOS, or with another Qt platform)."""
    import sys

    env = os.environ if environ is None else environ
    if (platform or sys.platform) != "linux":
        return None
    qpa = env.get("QT_QPA_PLATFORM", "")
    if qpa and not qpa.startswith("xcb"):
        return None  # offscreen, wayland, vnc...: Qt's own plugins without xcb's libraries
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return ("PR Desk needs a desktop to show its window: no display was found (DISPLAY is not set).\n"
                "پنجرهٔ میز روابط عمومی به میزکار نیاز دارد: نمایشگری پیدا نشد (DISPLAY تنظیم نشده است).\n"
                "Run it from the desktop session, or use the command line: pr-desk --help")
    run_ldd = ldd or _run_ldd
    missing: list[str] = []
    for path in _qt_xcb_files():
        for library in missing_from_ldd(run_ldd(path)):
            if library not in missing:
                missing.append(library)
    missing += [lib for lib in XCB_DLOPENED if lib not in missing and not loadable(lib)]
    if not missing:
        return None
    apt, dnf = install_lines(missing)
    return ("Qt cannot open a window on this desktop: these libraries are missing: " + ", ".join(missing) + "\n"
            "کتابخانه‌هایی که Qt برای باز کردن پنجره لازم دارد نصب نیستند. با این فرمان نصب کنید:\n"
            f"  {apt}\n"
            f"  (Fedora: {dnf})")


def _run_ldd(path: str) -> str:
    import subprocess

    try:
        done = subprocess.run(["ldd", path], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


if __name__ == "__main__":  # scripts/demo.sh, before it builds anything
    import sys

    problem = display_problem()
    if problem:
        sys.stderr.write(problem + "\n")
        raise SystemExit(1)
