"""Command line of the offline field sync:

    pr-desk sync export --for INSPECTOR --out F.prsync   (office: a new field copy's package)
    pr-desk sync export --for INSPECTOR --copy ID --out F.prsync   (office: next package of a copy)
    pr-desk sync join F.prsync --db LAPTOP.sqlite         (laptop: make the field copy)
    pr-desk sync export --out F.prsync                    (field copy: the return file)
    pr-desk sync import F.prsync [--preview]              (either side)
    pr-desk sync conflicts | decide ID office|field | undo
    pr-desk sync copies [--for INSPECTOR] [--all] | retire ID   (office: the field copies made here)
"""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from typing import Any

from pr_desk.cli.common import database_target, echo, log_in, open_office
from pr_desk.domain.errors import UserError
from pr_desk.domain.text import localized_number
from pr_desk.i18n import N_, _


def _n(args: argparse.Namespace, value: int) -> str:
    return localized_number(value)


def cmd_sync_export(args: argparse.Namespace) -> int:
    from pr_desk.services import sync

    db = open_office(args)
    try:
        actor = log_in(args, db)
        out = Path(args.out)
        if sync.is_field_copy(db):
            r = sync.export_return_package(db, actor, out=out)
            echo(_("Return file {path} written with {count} changes.").format(path=r.path, count=_n(args, r.changes)))
            return 0
        if not args.inspector:
            raise UserError(N_("Say whose field package this is: --for USERNAME."))
        inspector = sync.user_id_by_username(db, actor, args.inspector)
        try:
            copy = uuid.UUID(args.copy) if args.copy else None
        except ValueError:
            raise UserError(N_("There is no such field copy, or it was already retired.")) from None
        p = sync.export_field_package(db, actor, inspector_id=inspector, out=out, replica_id=copy)
        echo(_("Field package {path} written ({rows} records).").format(path=p.path, rows=_n(args, sum(p.counts.values()))))
    finally:
        db.dispose()
    return 0


def cmd_sync_join(args: argparse.Namespace) -> int:
    from pr_desk.services import sync

    joined = sync.join_field_package(Path(args.file), database_target(args))
    echo(_("Field copy {name} made for {inspector} (numbers start with {prefix}).").format(
        name=joined.database, inspector=joined.inspector, prefix=joined.prefix))
    return 0


def _show_conflict(args: argparse.Namespace, c: Any) -> None:
    echo(f"{c.conflict_id or c.key}  {c.table}  {c.record_id}  {','.join(c.fields)}  {c.kind}")
    for label, values in ((_("base"), c.base), (_("office"), c.office), (_("field"), c.field)):
        echo(f"    {label}: {values if values is None else ', '.join(f'{k}={v}' for k, v in sorted(values.items()) if k in c.fields or '*' in c.fields)}")


PREVIEW_STATUS = {
    "apply": N_("ready to import"),
    "already_imported": N_("already imported; importing it again changes nothing"),
    "nothing_new": N_("nothing new since the last import from this copy"),
    "up_to_date": N_("nothing new: this copy is up to date"),
}


def _when(args: argparse.Namespace, stamp: str) -> str:
    """An ISO time stamp from a package as Jalali date and time (Tehran)."""
    import datetime as dt

    from pr_desk.domain.jalali import format_jalali_datetime

    try:
        return format_jalali_datetime(dt.datetime.fromisoformat(stamp), persian_digits=args.lang == "fa")
    except (TypeError, ValueError):
        return stamp


def cmd_sync_import(args: argparse.Namespace) -> int:
    from pr_desk.services import sync

    db = open_office(args)
    try:
        actor = log_in(args, db)
        if args.preview:
            p = sync.preview_import(db, actor, path=Path(args.file))
            echo(_("Package from {source}, made by {who} on {when}: {status}").format(
                source=p.source, who=p.made_by, when=_when(args, p.made_at), status=_(PREVIEW_STATUS.get(p.status, p.status))))
            echo(_("Package id: {package}").format(package=p.package_id))
            separator = "، " if args.lang == "fa" else ", "
            echo(_("Checks passed: {checks}.").format(checks=separator.join(_(c) for c in p.checks)))
            echo(_("{new} new, {changed} changed, {deleted} deleted, {conflicts} conflicts.").format(
                new=_n(args, p.new), changed=_n(args, p.changed), deleted=_n(args, p.deleted), conflicts=_n(args, len(p.conflicts))))
            for c in p.conflicts:
                _show_conflict(args, c)
            return 0
        r = sync.apply_import(db, actor, path=Path(args.file))
        if r.status in ("already_imported", "nothing_new", "up_to_date"):
            echo(_("Nothing to do: this package was already imported."))
            return 0
        echo(_("Imported: {new} new, {changed} changed, {deleted} deleted, {conflicts} conflicts waiting for a decision.").format(
            new=_n(args, r.new), changed=_n(args, r.changed), deleted=_n(args, r.deleted), conflicts=_n(args, r.open_conflicts)))
        if r.backup:
            echo(_("Backup before the import: {path}").format(path=r.backup))
    finally:
        db.dispose()
    return 0


def cmd_sync_conflicts(args: argparse.Namespace) -> int:
    from pr_desk.services import sync

    db = open_office(args)
    try:
        actor = log_in(args, db)
        found = sync.list_conflicts(db, actor, open_only=not args.all)
        for c in found:
            _show_conflict(args, c)
        echo(_("{count} conflicts.").format(count=_n(args, len(found))))
    finally:
        db.dispose()
    return 0


def cmd_sync_decide(args: argparse.Namespace) -> int:
    from pr_desk.services import sync

    db = open_office(args)
    try:
        actor = log_in(args, db)
        sync.decide_conflict(db, actor, args.conflict, choice=args.choice)
        echo(_("Conflict decided."))
    finally:
        db.dispose()
    return 0


def cmd_sync_copies(args: argparse.Namespace) -> int:
    from pr_desk.domain.jalali import format_jalali_datetime
    from pr_desk.services import sync

    db = open_office(args)
    try:
        actor = log_in(args, db)
        inspector = sync.user_id_by_username(db, actor, args.inspector) if args.inspector else None
        copies = sync.list_field_copies(db, actor, inspector_id=inspector, include_retired=args.all)
        if not copies:
            echo(_("No field copies."))
        for c in copies:
            last = format_jalali_datetime(c.last_import_at) if c.last_import_at else _("nothing brought back yet")
            state = _("retired") if c.retired else ""
            echo(f"{c.replica_id}  {c.prefix}  {c.name}  {format_jalali_datetime(c.made_at) if c.made_at else ''}  {last}  {state}".rstrip())
    finally:
        db.dispose()
    return 0


def cmd_sync_retire(args: argparse.Namespace) -> int:
    from pr_desk.services import sync

    db = open_office(args)
    try:
        actor = log_in(args, db)
        try:
            copy = uuid.UUID(args.copy)
        except ValueError:
            raise UserError(N_("There is no such field copy, or it was already retired.")) from None
        sync.retire_field_copy(db, actor, copy)
        echo(_("Field copy retired: files from it are refused from now on."))
    finally:
        db.dispose()
    return 0


def cmd_sync_prune(args: argparse.Namespace) -> int:
    from pr_desk.services import sync

    db = open_office(args)
    try:
        pruned = sync.prune_change_log(db, log_in(args, db))
        echo(_("Change log pruned: {changes} changes and {tombstones} deletes nothing needs any more.").format(
            changes=_n(args, pruned.changes), tombstones=_n(args, pruned.tombstones)))
    finally:
        db.dispose()
    return 0


def cmd_sync_undo(args: argparse.Namespace) -> int:
    from pr_desk.services import sync

    db = open_office(args)
    try:
        actor = log_in(args, db)
        package = sync.undo_last_import(db, actor)
        echo(_("Import {package} undone.").format(package=package))
    finally:
        db.dispose()
    return 0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("sync", parents=[common], help=_("offline field copies: packages, imports and conflicts"))
    sub = p.add_subparsers(dest="sync_command", required=True)
    q = sub.add_parser("export", parents=[common], help=_("office: a field package for an inspector; field copy: the return file"))
    q.add_argument("--for", dest="inspector", metavar="USERNAME", help=_("the inspector the field package is for"))
    q.add_argument("--copy", metavar="ID", help=_("the field copy's id, for its next package"))
    q.add_argument("--out", required=True)
    q.set_defaults(func=cmd_sync_export)
    q = sub.add_parser("join", parents=[common], help=_("make a field copy from a field package (--db: the new file)"))
    q.add_argument("file")
    q.set_defaults(func=cmd_sync_join)
    q = sub.add_parser("import", parents=[common], help=_("import a sync file (all or nothing)"))
    q.add_argument("file")
    q.add_argument("--preview", action="store_true", help=_("show what the import would do and change nothing"))
    q.set_defaults(func=cmd_sync_import)
    q = sub.add_parser("conflicts", parents=[common], help=_("list the conflicts waiting for a decision"))
    q.add_argument("--all", action="store_true", help=_("decided ones too"))
    q.set_defaults(func=cmd_sync_conflicts)
    q = sub.add_parser("decide", parents=[common], help=_("decide a conflict: keep the office value or take the field value"))
    q.add_argument("conflict")
    q.add_argument("choice", choices=["office", "field"])
    q.set_defaults(func=cmd_sync_decide)
    q = sub.add_parser("copies", parents=[common], help=_("office: the field copies made here (id, number prefix, inspector, made, last import)"))
    q.add_argument("--for", dest="inspector", metavar="USERNAME", help=_("only this inspector's copies"))
    q.add_argument("--all", action="store_true", help=_("retired copies too"))
    q.set_defaults(func=cmd_sync_copies)
    q = sub.add_parser("retire", parents=[common], help=_("office: retire a lost or replaced field copy (its files are refused)"))
    q.add_argument("copy", metavar="ID")
    q.set_defaults(func=cmd_sync_retire)
    q = sub.add_parser("prune", parents=[common], help=_("office: drop change-log entries nothing needs any more"))
    q.set_defaults(func=cmd_sync_prune)
    q = sub.add_parser("undo", parents=[common], help=_("undo the last import while nothing was changed on top of it"))
    q.set_defaults(func=cmd_sync_undo)
