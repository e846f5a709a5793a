"""The start-up module behind the `pr-desk` command: no subcommand opens the app; any
subcommand runs the command line. The only module outside pr_desk/ui that reaches Qt."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

from pr_desk.launch import wants_gui


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_gui(args):
        # no garbage collection while the app's start-up imports make their long-lived
        # objects; ui/quick_start.py resumes it once they are in (resume_gc)
        gc.disable()
        from pr_desk.ui.app import run

        return run(argv=args)
    from pr_desk.cli import main as run_command

    return run_command(args)


if __name__ == "__main__":
    raise SystemExit(main())
