"""The CLI's import progress (issue 20): shown on standard error, one line rewritten in
place, only when standard error is a terminal; a script (a pipe) sees none of it."""

from __future__ import annotations

import io

from pr_desk.cli.common import TerminalProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_and_ends_its_line() -> None:
    out = Terminal()
    shown = TerminalProgress(out)
    shown.step("Reading requests.xlsx…")
    shown.rows(0, 4000)
    shown.rows(2000, 4000)
    shown.rows(4000, 4000)
    text = out.getvalue()
    assert text.count("\r") == 4 and text.endswith("\n") and text.count("\n") == 1
    assert "2,000" in text or "۲٬۰۰۰" in text or "2000" in text


def test_progress_is_quiet_in_a_script() -> None:
    out = io.StringIO()  # a pipe or a file: not a terminal
    shown = TerminalProgress(out)
    shown.step("Reading requests.xlsx…")
    shown.rows(10, 10)
    shown.end()
    assert out.getvalue() == ""
