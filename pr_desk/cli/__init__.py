"""The command line: the same services as the app, for administrators, scripts and tests.

Errors are one clear line (Persian by default, English with --lang en) and a non-zero exit.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pr_desk import __version__
from pr_desk.cli.common import (
    IMPORT_COMMANDS,
    IMPORT_OPTIONS,
    TEMPLATE_COMMANDS,
    TEMPLATE_OPTIONS,
    database_target,
    echo,
    log_in,
    open_office,
    read_password_stdin,
    run_file_import,
)
from pr_desk.domain.errors import UserError
from pr_desk.domain.text import localized_number
from pr_desk.i18n import DEFAULT_LANGUAGE, N_, N_plural, _, set_language

log = logging.getLogger("pr_desk.cli")
EXIT_USER_ERROR = 2
EXIT_BUG = 70


# --- commands -----------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    from pr_desk.services.setup import create_database

    if not args.password_stdin:
        raise UserError(N_("Give the administrator's password on standard input with --password-stdin."))
    password = read_password_stdin()
    db, actor = create_database(database_target(args), admin_username=args.admin, admin_display_name=args.name or args.admin, admin_password=password)
    echo(_("Created {name} with administrator {username}.").format(name=db.display_name, username=actor.username))
    db.dispose()
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    from pr_desk.services import users

    db = open_office(args)
    try:
        actor = log_in(args, db, changing_password=args.user_command == "change-password")
        if args.user_command == "change-password":
            from pr_desk.services.auth import change_own_password

            if not args.password_stdin:
                raise UserError(N_("Give the new password on standard input with --password-stdin."))
            change_own_password(db, actor, old_password=args.current_password, new_password=read_password_stdin())
            echo(_("Your password was changed."))
            return 0
        if args.user_command == "list":
            for u in users.list_users(db, actor):
                state = _("active") if u.active else _("disabled")
                if u.locked:
                    state += "، " + _("locked")
                echo("\t".join([u.username, u.display_name, u.role.label, state]))
            return 0
        if args.user_command == "add":
            if not args.password_stdin:
                raise UserError(N_("Give the new user's password on standard input with --password-stdin."))
            info = users.add_user(db, actor, username=args.username, display_name=args.name or args.username, role=args.role, password=read_password_stdin())
            echo(_("Added user {username} ({role}).").format(username=info.username, role=info.role.label))
            return 0
        target = users.find_by_username(db, actor, args.username)
        if args.user_command == "disable":
            users.disable_user(db, actor, target.id)
            echo(_("Disabled user {username}.").format(username=target.username))
        elif args.user_command == "enable":
            users.enable_user(db, actor, target.id)
            echo(_("Enabled user {username}.").format(username=target.username))
        elif args.user_command == "unlock":
            users.unlock_user(db, actor, target.id)
            echo(_("Unlocked user {username}.").format(username=target.username))
        elif args.user_command == "reset-password":
            if not args.password_stdin:
                raise UserError(N_("Give the new password on standard input with --password-stdin."))
            users.reset_password(db, actor, target.id, read_password_stdin())
            echo(_("Password of {username} was reset.").format(username=target.username))
        return 0
    finally:
        db.dispose()


def cmd_demo(args: argparse.Namespace) -> int:
    from pr_desk.services.demo import build_demo

    summary = build_demo(database_target(args), size=args.size)
    echo(summary)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from pr_desk.services.maintenance import check

    db = open_office(args)
    try:
        if args.reindex:
            from pr_desk.services.search import reindex

            entries = reindex(db)
            echo(_("Search index rebuilt: {count} entries.").format(count=localized_number(entries)))
        report = check(db)
    finally:
        db.dispose()
    if report.ok:
        echo(_("OK: integrity, schema and audit trail ({count} entries) are sound.").format(count=localized_number(report.audit_entries)))
        return 0
    for problem in report.problems:
        sys.stderr.write(problem + "\n")
    raise UserError(N_plural("The check found {count} problem.", "The check found {count} problems."),
                    count=len(report.problems))


def cmd_backup(args: argparse.Namespace) -> int:
    from pr_desk.services.maintenance import backup

    db = open_office(args)
    try:
        actor = log_in(args, db)
        out = backup(db, Path(args.out), actor=actor)
    finally:
        db.dispose()
    echo(_("Backup written to {path}.").format(path=out))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """The acting administrator logs in to the database being replaced, or, when that
    one cannot be opened (damaged), to the backup (after the backup's own checks)."""
    from pr_desk.paths import backup_dir
    from pr_desk.services.maintenance import check_backup_file, restore
    from pr_desk.services.office import sqlite_file

    target = sqlite_file(database_target(args))
    if target is None:
        raise UserError(N_("Restore works on SQLite database files; restore a PostgreSQL server with pg_restore."))
    backup_file = Path(args.backup_file)
    try:
        office = open_office(args)
    except UserError:
        check_backup_file(backup_file)
        args.db = str(backup_file)
        office = open_office(args)
    try:
        actor = log_in(args, office)
    finally:
        office.dispose()
    saved = restore(backup_file, target, keep_folder=backup_dir(), actor=actor)
    echo(_("Restored {target} from {backup}.").format(target=target, backup=args.backup_file))
    if saved:
        echo(_("The replaced database was kept as {path}.").format(path=saved))
    return 0


def cmd_template_units(args: argparse.Namespace) -> int:
    from pr_desk.services.units import save_units_template

    path = save_units_template(Path(args.out))
    echo(_("Template written to {path}.").format(path=path))
    return 0


def cmd_import_units(args: argparse.Namespace) -> int:
    from pr_desk.services.units import import_units, preview_units_file

    result = run_file_import(args, preview_units_file, import_units)
    echo(_("Imported: {added} added, {updated} updated, {unchanged} unchanged.").format(added=localized_number(result.added), updated=localized_number(result.updated), unchanged=localized_number(result.unchanged)))
    return 0


def cmd_template_users(args: argparse.Namespace) -> int:
    from pr_desk.services.users import save_users_template

    path = save_users_template(Path(args.out))
    echo(_("Template written to {path}.").format(path=path))
    return 0


def cmd_import_users(args: argparse.Namespace) -> int:
    from pr_desk.services.users import import_users, preview_users_file

    added = run_file_import(args, preview_users_file, import_users)
    echo(_("{count} users added. Give each their one-time password; they choose their own at first login:").format(count=localized_number(len(added))))
    for user in added:
        echo(f"{user.username}\t{user.one_time_password}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pr_desk.services import report_catalog

    if args.list or not args.kind:
        for kind in report_catalog.report_kinds():
            echo(f"{kind.name}\t{kind.title}")
        return 0
    report_catalog.report_title(args.kind)  # an unknown kind is refused before anything else
    if not args.out:
        raise UserError(N_("Say where to write the report: --out FILE.pdf or --out FILE.xlsx."))
    report_catalog.check_report_file(args.out)
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
    db = open_office(args)
    try:
        params["db"], params["actor"] = db, log_in(args, db)
        path = report_catalog.build_report(args.kind, params, out)
    finally:
        db.dispose()
    echo(_("Report written to {path}.").format(path=path))
    return 0


# The core's kinds of `template` / `import`; workspaces add theirs from their register().
TEMPLATE_COMMANDS.update(units=cmd_template_units, users=cmd_template_users)
IMPORT_COMMANDS.update(units=cmd_import_units, users=cmd_import_users)


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
    for name, helptext in (("disable", _("disable a user")), ("enable", _("enable a user (also lifts a lock-out)")),
                           ("unlock", _("lift a lock-out after too many wrong passwords"))):
        q = usub.add_parser(name, parents=[common], help=helptext)
        q.add_argument("username")
    q = usub.add_parser("change-password", parents=[common], help=_("change your own password (--as you; the new one on standard input)"))
    q.add_argument("--password-stdin", action="store_true")
    q = usub.add_parser("reset-password", parents=[common], help=_("set a new password for a user"))
    q.add_argument("username")
    q.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("demo", parents=[common], help=_("create a database full of realistic demo data"))
    p.add_argument("--size", choices=["small", "medium", "large"], default="small")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", parents=[common], help=_("check integrity, schema and the audit trail"))
    p.add_argument("--reindex", action="store_true", help=_("build the search index again first"))
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", parents=[common], help=_("write a backup of a SQLite database (as an administrator: --as)"))
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help=_("replace a SQLite database with a backup (as an administrator: --as)"))
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


def _workspace_commands() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser], argparse.ArgumentParser], None]]:
    """Each workspace adds its own subcommands through the `cli` hook of its descriptor
    (pr_desk/cli/<workspace>.py: `register(subparsers, common_parent)`); a command's function
    gets the parsed args and uses the shared helpers of pr_desk/cli/common.py."""
    from pr_desk.workspaces import hooks

    return [register for _workspace, register in hooks("cli")]


def _pre_language(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _utf8_streams() -> None:
    """Persian output whatever the console's code page: a pipe or a cp1252/cp1256 console
    would turn each Persian letter into an escape or stop with an encoding error. A real
    Windows console is left alone (Python writes Unicode to it directly)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding == "utf8" or reconfigure is None:
            continue
        if sys.platform == "win32" and stream.isatty():
            continue
        reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_streams()
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
