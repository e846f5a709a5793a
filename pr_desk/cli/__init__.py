"""The command line: the same services as the app, for administrators, scripts and tests.

Errors are one clear line (Persian by default, English with --lang en) and a non-zero exit.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pr_desk import __version__
from pr_desk.domain.errors import UserError
from pr_desk.domain.text import localized_number
from pr_desk.i18n import DEFAULT_LANGUAGE, N_, _, set_language

log = logging.getLogger("pr_desk.cli")
EXIT_USER_ERROR = 2
EXIT_BUG = 70


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _target(args: argparse.Namespace) -> str:
    from pr_desk.paths import default_database

    return args.db or os.environ.get("PR_DESK_DB") or str(default_database())


def _read_password_stdin() -> str:
    line = sys.stdin.readline()
    if not line:
        raise UserError(N_("No password was given on standard input."))
    return line.rstrip("\r\n")


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from pr_desk.services.setup import open_or_create

    opened = open_or_create(_target(args), create=False)
    if opened.needs_admin:
        opened.db.dispose()
        raise UserError(N_("This database has no administrator yet. Run pr-desk init first."))
    return opened.db


def _login(args: argparse.Namespace, db):  # type: ignore[no-untyped-def]
    """The acting user of an administrative command: --as NAME, password from
    $PR_DESK_PASSWORD or asked on the terminal."""
    from pr_desk.services.auth import login

    username = args.as_user or os.environ.get("PR_DESK_USER")
    if not username:
        raise UserError(N_("Say who is acting: --as USERNAME (the password comes from PR_DESK_PASSWORD or is asked)."))
    password = os.environ.get("PR_DESK_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UserError(N_("Set PR_DESK_PASSWORD for the acting user, or run the command in a terminal."))
        password = getpass.getpass(_("Password for {username}: ").format(username=username))
    return login(db, username, password)


# --- commands -----------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    from pr_desk.services.setup import create_database

    if not args.password_stdin:
        raise UserError(N_("Give the administrator's password on standard input with --password-stdin."))
    password = _read_password_stdin()
    db, actor = create_database(_target(args), admin_username=args.admin, admin_display_name=args.name or args.admin, admin_password=password)
    _out(_("Created {name} with administrator {username}.").format(name=db.display_name, username=actor.username))
    db.dispose()
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    from pr_desk.services import users

    db = _open(args)
    try:
        actor = _login(args, db)
        if args.user_command == "list":
            for u in users.list_users(db, actor):
                state = _("active") if u.active else _("disabled")
                if u.locked:
                    state += "، " + _("locked")
                _out("\t".join([u.username, u.display_name, u.role.label, state]))
            return 0
        if args.user_command == "add":
            if not args.password_stdin:
                raise UserError(N_("Give the new user's password on standard input with --password-stdin."))
            info = users.add_user(db, actor, username=args.username, display_name=args.name or args.username, role=args.role, password=_read_password_stdin())
            _out(_("Added user {username} ({role}).").format(username=info.username, role=info.role.label))
            return 0
        target = users.find_by_username(db, actor, args.username)
        if args.user_command == "disable":
            users.disable_user(db, actor, target.id)
            _out(_("Disabled user {username}.").format(username=target.username))
        elif args.user_command == "enable":
            users.enable_user(db, actor, target.id)
            _out(_("Enabled user {username}.").format(username=target.username))
        elif args.user_command == "reset-password":
            if not args.password_stdin:
                raise UserError(N_("Give the new password on standard input with --password-stdin."))
            users.reset_password(db, actor, target.id, _read_password_stdin())
            _out(_("Password of {username} was reset.").format(username=target.username))
        return 0
    finally:
        db.dispose()


def cmd_demo(args: argparse.Namespace) -> int:
    from pr_desk.services.demo import build_demo

    summary = build_demo(_target(args), size=args.size)
    _out(summary)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from pr_desk.services.maintenance import check

    db = _open(args)
    try:
        report = check(db)
    finally:
        db.dispose()
    if report.ok:
        _out(_("OK: integrity, schema and audit trail ({count} entries) are sound.").format(count=localized_number(report.audit_entries)))
        return 0
    for problem in report.problems:
        sys.stderr.write(problem + "\n")
    raise UserError(N_("The check found {count} problems."), count=len(report.problems))


def cmd_backup(args: argparse.Namespace) -> int:
    from pr_desk.services.maintenance import backup

    db = _open(args)
    try:
        out = backup(db, Path(args.out))
    finally:
        db.dispose()
    _out(_("Backup written to {path}.").format(path=out))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from pr_desk.data.engine import normalise_url, sqlite_path
    from pr_desk.paths import backup_dir
    from pr_desk.services.maintenance import restore

    target = sqlite_path(normalise_url(_target(args)))
    if target is None:
        raise UserError(N_("Restore works on SQLite database files; restore a PostgreSQL server with pg_restore."))
    saved = restore(Path(args.backup_file), target, keep_folder=backup_dir())
    _out(_("Restored {target} from {backup}.").format(target=target, backup=args.backup_file))
    if saved:
        _out(_("The replaced database was kept as {path}.").format(path=saved))
    return 0


def cmd_template_units(args: argparse.Namespace) -> int:
    from pr_desk.spreadsheets.units import write_units_template

    path = write_units_template(Path(args.out))
    _out(_("Template written to {path}.").format(path=path))
    return 0


def run_import(args: argparse.Namespace, call: Callable[[Any, Any], Any]) -> Any:
    """Opens the database, logs the acting user in and runs one all-or-nothing import;
    a refusal lists each bad row on standard error before its one-line error."""
    db = _open(args)
    try:
        actor = _login(args, db)
        try:
            return call(db, actor)
        except UserError as exc:
            for problem in getattr(exc, "problems", ()):
                row = localized_number(problem.row_number) if args.lang == "fa" else problem.row_number
                sys.stderr.write(_("Row {row}: {message}").format(row=row, message=problem.message) + "\n")
            raise
    finally:
        db.dispose()


def cmd_import_units(args: argparse.Namespace) -> int:
    from pr_desk.services.units import import_units
    from pr_desk.spreadsheets.units import read_units_file

    rows = read_units_file(Path(args.file))
    result = run_import(args, lambda db, actor: import_units(db, actor, rows))
    _out(_("Imported: {added} added, {updated} updated, {unchanged} unchanged.").format(added=localized_number(result.added), updated=localized_number(result.updated), unchanged=localized_number(result.unchanged)))
    return 0


def cmd_template_users(args: argparse.Namespace) -> int:
    from pr_desk.spreadsheets.users import write_users_template

    path = write_users_template(Path(args.out))
    _out(_("Template written to {path}.").format(path=path))
    return 0


def cmd_import_users(args: argparse.Namespace) -> int:
    from pr_desk.services.users import import_users
    from pr_desk.spreadsheets.users import read_users_file

    rows = read_users_file(Path(args.file))
    added = run_import(args, lambda db, actor: import_users(db, actor, rows))
    _out(_("{count} users added. Give each their one-time password; they choose their own at first login:").format(count=localized_number(len(added))))
    for user in added:
        _out(f"{user.username}\t{user.one_time_password}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pr_desk.reports.registry import get_report, list_reports, output_format, render_report
    from pr_desk.services import report_catalog

    if args.list or not args.kind:
        for kind in list_reports():
            _out(f"{kind.name}\t{kind.title}")
        return 0
    get_report(args.kind)
    if not args.out:
        raise UserError(N_("Say where to write the report: --out FILE.pdf or --out FILE.xlsx."))
    output_format(args.out)
    params: dict[str, object] = {}
    allowed = report_catalog.FILTERS.get(args.kind, {})
    for item in args.filter or []:
        key, sep, value = item.partition("=")
        if not sep or key not in allowed:
            raise UserError(N_("Unknown filter {filter} for this report; it accepts: {allowed}."), filter=item, allowed=", ".join(sorted(allowed)) or "-")
        params[key] = value
    out = Path(args.out)
    if not out.parent.exists():
        raise UserError(N_("The folder {folder} does not exist."), folder=str(out.parent))
    db = _open(args)
    try:
        params["db"], params["actor"] = db, _login(args, db)
        path = render_report(args.kind, params, out)
    finally:
        db.dispose()
    _out(_("Report written to {path}.").format(path=path))
    return 0


# Workspaces add their kinds here from their register() (see _workspace_commands).
TEMPLATE_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"units": cmd_template_units, "users": cmd_template_users}
IMPORT_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"units": cmd_import_units, "users": cmd_import_users}
# Options a workspace's kind needs on the shared `template` / `import` commands.
TEMPLATE_OPTIONS: list[Callable[[argparse.ArgumentParser], None]] = []
IMPORT_OPTIONS: list[Callable[[argparse.ArgumentParser], None]] = []


# --- parser -------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    TEMPLATE_OPTIONS.clear()  # workspaces add theirs again below (build_parser may run twice)
    IMPORT_OPTIONS.clear()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help=_("database: a SQLite file path or a postgresql+psycopg:// URL"), default=argparse.SUPPRESS)
    common.add_argument("--lang", choices=["fa", "en"], default=argparse.SUPPRESS, help=_("language of messages"))
    common.add_argument("--as", dest="as_user", metavar="USERNAME", default=argparse.SUPPRESS, help=_("the acting user (password from PR_DESK_PASSWORD or asked)"))

    parser = argparse.ArgumentParser(prog="pr-desk", description=_("PR Desk: the office application of the Public Relations deputy."), parents=[common])
    parser.add_argument("--version", action="version", version=f"PR Desk {__version__}")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("init", parents=[common], help=_("create a new database with its first administrator"))
    p.add_argument("--admin", required=True, help=_("administrator's username"))
    p.add_argument("--name", help=_("administrator's full name"))
    p.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("user", parents=[common], help=_("manage users"))
    usub = p.add_subparsers(dest="user_command", required=True)
    q = usub.add_parser("add", parents=[common], help=_("add a user"))
    q.add_argument("username")
    q.add_argument("--role", required=True, choices=["admin", "supervisor", "clerk", "inspector"])
    q.add_argument("--name", help=_("full name"))
    q.add_argument("--password-stdin", action="store_true")
    usub.add_parser("list", parents=[common], help=_("list users"))
    for name, helptext in (("disable", _("disable a user")), ("enable", _("enable a user"))):
        q = usub.add_parser(name, parents=[common], help=helptext)
        q.add_argument("username")
    q = usub.add_parser("reset-password", parents=[common], help=_("set a new password for a user"))
    q.add_argument("username")
    q.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("demo", parents=[common], help=_("create a database full of realistic demo data"))
    p.add_argument("--size", choices=["small", "medium", "large"], default="small")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", parents=[common], help=_("check integrity, schema and the audit trail"))
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", parents=[common], help=_("write a backup of a SQLite database"))
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help=_("replace a SQLite database with a backup"))
    p.add_argument("backup_file")
    p.set_defaults(func=cmd_restore)

    for register in _workspace_commands():
        register(sub, common)

    p = sub.add_parser("report", parents=[common], help=_("write a report as PDF or Excel (--list names them)"))
    p.add_argument("kind", nargs="?")
    p.add_argument("--list", action="store_true", help=_("name every report, one per line"))
    p.add_argument("--out", help=_("the file to write: .pdf or .xlsx"))
    p.add_argument("--filter", action="append", metavar="NAME=VALUE", help=_("a filter of the report, e.g. kind=district"))
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("template", parents=[common], help=_("write an Excel template for an import"))
    p.add_argument("kind", choices=sorted(TEMPLATE_COMMANDS))
    p.add_argument("--out", required=True)
    for add_options in TEMPLATE_OPTIONS:
        add_options(p)
    p.set_defaults(func=lambda a: TEMPLATE_COMMANDS[a.kind](a))

    p = sub.add_parser("import", parents=[common], help=_("import rows from an Excel file (all or none)"))
    p.add_argument("kind", choices=sorted(IMPORT_COMMANDS))
    p.add_argument("file")
    for add_options in IMPORT_OPTIONS:
        add_options(p)
    p.set_defaults(func=lambda a: IMPORT_COMMANDS[a.kind](a))
    return parser


def _workspace_commands() -> list[Callable[[argparse._SubParsersAction, argparse.ArgumentParser], None]]:  # type: ignore[type-arg]
    """Each workspace adds its own subcommands through the `cli` hook of its descriptor
    (pr_desk/cli/<workspace>.py: `register(subparsers, common_parent)`); a command's function
    gets the parsed args and may use this package's helpers (_open, _login, _target, _out)."""
    from pr_desk.workspaces import hooks

    return [register for _workspace, register in hooks("cli")]


def wants_gui(argv: Sequence[str]) -> bool:
    """True when no subcommand (nor --help/--version) is given: open the app."""
    commands = {"init", "user", "demo", "check", "backup", "restore", "template", "import", "report", "find", "sync", "meeting", "evaluation", "directive", "event"}
    if any(a in ("-h", "--help", "--version") for a in argv):
        return False
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--db", "--lang", "--as"):
            skip = True
            continue
        if arg in commands:
            return False
    return True


def parse_gui_options(argv: Sequence[str]) -> tuple[str | None, str | None]:
    """(database, language) given to the app on its command line, or from the environment."""
    parser = argparse.ArgumentParser(prog="pr-desk", add_help=False)
    parser.add_argument("--db")
    parser.add_argument("--lang", choices=["fa", "en"])
    known, _rest = parser.parse_known_args(list(argv))
    return known.db or os.environ.get("PR_DESK_DB"), known.lang


def gui_sync_file(argv: Sequence[str]) -> str | None:
    """A sync file given to the app (`pr-desk FILE.prsync`, what a double-click on one
    runs): the app makes the field copy it carries, or imports it after login."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--db", "--lang"):
            skip = True
            continue
        if not arg.startswith("-") and arg.lower().endswith(".prsync"):
            return arg
    return None


def _pre_language(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    language = _pre_language(argv)
    set_language(language if language in ("fa", "en") else os.environ.get("PR_DESK_LANG", DEFAULT_LANGUAGE) if os.environ.get("PR_DESK_LANG") in ("fa", "en") else DEFAULT_LANGUAGE)
    from pr_desk.logging_setup import configure

    configure()
    parser = build_parser()
    args = parser.parse_args(argv)
    args.lang_given = language
    args.lang = getattr(args, "lang", None) or ("fa" if language is None else language)
    args.db = getattr(args, "db", None)
    args.as_user = getattr(args, "as_user", None)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_USER_ERROR
    try:
        return func(args)
    except UserError as exc:
        sys.stderr.write(_("error: {message}").format(message=exc.translated()) + "\n")
        return EXIT_USER_ERROR
    except BrokenPipeError:
        # The reader went away (`pr-desk ... | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        sys.stderr.write(_("error: interrupted") + "\n")
        return 130
    except Exception:
        log.exception("unexpected error in pr-desk %s", " ".join(argv))
        from pr_desk.paths import log_dir

        sys.stderr.write(_("error: an unexpected problem stopped the command; details are in {path}").format(path=log_dir() / "pr-desk.log") + "\n")
        return EXIT_BUG


if __name__ == "__main__":
    raise SystemExit(main())
