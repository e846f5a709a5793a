"""What of the directive register travels to an inspector's field copy (parents before
children; issue 13, item 6): the directives sent to the inspector's assigned units with
their kinds, versions (the text), the links between directives the copy holds, the
attached files and evidence (content only up to the office's attachment cap; a larger
file travels as its metadata, its content stays at the office), and of the distribution
only the rows of the assigned units with their acknowledgements. The inspector records
implementation evidence and a verdict there; they come back through the return file.

A recipient row merges in three groups that conflict as one each: the acknowledgement,
the implementation (with its evidence) and the verdict on it (migration 0008 installed
the capture triggers; SYNC_COMPATIBLE_FROM moved to it)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pr_desk.data.sync.spec import TableSync

ACKNOWLEDGEMENT = ("acknowledged_version", "acknowledged_on", "acknowledged_by", "acknowledged_post")
IMPLEMENTATION = ("implemented_on", "implementation_note", "evidence_sha256", "evidence_name")
VERDICT = ("verdict", "verdict_reason", "verdict_on", "verdict_by")

SYNCED: tuple[TableSync, ...] = (
    TableSync("directive_kind"),
    TableSync("directive", groups=(("number", "number_search", "issued_year"), ("title", "title_search"),
                                   ("status", "current_version", "ended_on", "ended_by_id"))),
    TableSync("directive_version", groups=(("body", "body_search"),)),
    TableSync("directive_link", row_level=True),
    TableSync("directive_file", row_level=True, same_by="sha256"),  # its id follows from the hash
    TableSync("directive_attachment", row_level=True),
    TableSync("directive_recipient", groups=(ACKNOWLEDGEMENT, IMPLEMENTATION, VERDICT)),
    TableSync("directive_acknowledgement", row_level=True),
)

NOT_SYNCED: dict[str, str] = {}

_CHUNK = 500


def _read_in(session: Session, tbl: str, column: str, values: Iterable[Any]) -> list[dict[str, Any]]:
    """The synced columns of the rows whose `column` is one of `values` (in chunks: an
    inspector's share of a large register may name thousands of directives)."""
    from pr_desk.data.sync import registry
    from pr_desk.data.sync.office import read_rows

    wanted = sorted(set(values), key=str)
    table = registry.table(tbl)
    rows: list[dict[str, Any]] = []
    for i in range(0, len(wanted), _CHUNK):
        rows += read_rows(session, tbl, table.c[column].in_(wanted[i:i + _CHUNK]))
    return rows


def _files(session: Session, shas: set[str], file_cap: int | None) -> list[dict[str, Any]]:
    """The stored files, each with its content when it is within the cap; a larger one
    carries its metadata with an empty content (never read here)."""
    from pr_desk.data.directives.models import StoredFile
    from pr_desk.data.sync import registry

    if file_cap is None:
        return _read_in(session, "directive_file", "sha256", shas)
    small: set[str] = set()
    large: set[str] = set()
    wanted = sorted(shas)
    for i in range(0, len(wanted), _CHUNK):
        for sha, size in session.execute(select(StoredFile.sha256, StoredFile.size).where(StoredFile.sha256.in_(wanted[i:i + _CHUNK]))):
            (small if size <= file_cap else large).add(sha)
    rows = _read_in(session, "directive_file", "sha256", small)
    if large:
        table = registry.table("directive_file")
        cols = [table.c[c] for c in registry.synced_columns("directive_file") if c != "content"]
        big = sorted(large)
        for i in range(0, len(big), _CHUNK):
            result = session.execute(select(*cols).where(table.c.sha256.in_(big[i:i + _CHUNK])))
            rows += [{**dict(r._mapping), "content": b""} for r in result]
    return rows


def subset(session: Session, *, unit_ids: set[uuid.UUID], file_cap: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Typed rows, per directive table, that a field copy of an inspector assigned to
    `unit_ids` holds. A directive that ended one of them (repealed or superseded it) comes
    along too, so the copy can say who ended it. `file_cap` (bytes): files larger than it
    travel without their content (None: every content travels)."""
    from pr_desk.data.sync.office import read_rows

    recipients = _read_in(session, "directive_recipient", "unit_id", unit_ids)
    directive_ids = {r["directive_id"] for r in recipients}
    directives: list[dict[str, Any]] = []
    todo = set(directive_ids)
    while todo:  # the directives that ended those carried, until none is missing
        found = _read_in(session, "directive", "id", todo)
        directives += found
        todo = {r["ended_by_id"] for r in found if r["ended_by_id"] is not None} - directive_ids
        directive_ids |= todo
    versions = _read_in(session, "directive_version", "directive_id", directive_ids)
    links = [r for r in _read_in(session, "directive_link", "source_id", directive_ids) if r["target_id"] in directive_ids]
    attachments = _read_in(session, "directive_attachment", "version_id", {v["id"] for v in versions})
    shas = {a["file_sha256"] for a in attachments} | {r["evidence_sha256"] for r in recipients if r["evidence_sha256"]}
    return {
        "directive_kind": read_rows(session, "directive_kind"),
        "directive": sorted(directives, key=lambda r: str(r["id"])),
        "directive_version": versions,
        "directive_link": links,
        "directive_file": _files(session, shas, file_cap),
        "directive_attachment": attachments,
        "directive_recipient": recipients,
        "directive_acknowledgement": _read_in(session, "directive_acknowledgement", "recipient_id", {r["id"] for r in recipients}),
    }
