"""audit.append_staged (issue 17 §2): entries taken from a temporary table of the caller's
transaction wait in the database, not in memory, and join the chain at commit in their
place among the other entries, numbered and hashed exactly as `append_many` would (the
chain check recomputes every hash); a rolled-back savepoint takes its staged entries with
it."""

from __future__ import annotations

import json
import uuid
from typing import Any, cast

import pytest
from sqlalchemy import Table, select

from pr_desk.data import audit, staging
from pr_desk.data.models import AuditRecord


class _Undo(Exception):
    pass


def _source(s: Any, name: str, rows: list[tuple[uuid.UUID, str | None, str]]) -> None:
    conn = s.connection()
    table = cast(Table, AuditRecord.__table__)
    staging.open_stage(conn, name, table, ["record_id"], (("b", "text"), ("a", "text")))
    staging.add_to_stage(conn, name, table, ["record_id"], [[rid] for rid, _, _ in rows], [(b, a) for _, b, a in rows], 0)


def test_staged_entries_join_the_chain_in_their_place(office, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    monkeypatch.setattr(audit, "_STAGED_CHUNK", 7)  # several chunks at commit
    rows = [(uuid.uuid4(), json.dumps({"notes": ""}) if i % 3 else None,
             json.dumps({"notes": f"یادداشت \"{i}\"\n\t"}, ensure_ascii=False)) for i in range(23)]
    with db.session() as s:
        start = s.scalar(select(AuditRecord.seq).order_by(AuditRecord.seq.desc()).limit(1)) or 0
    with db.transaction(admin.audit_identity) as s:
        audit.append(s, action="backup", summary="before")
        _source(s, "src_a", rows)
        assert audit.append_staged(s, "src_a", action="update", table_name="unit", summary="staged «الف»",
                                   order=staging.POSITION, record_id="record_id", before="b", after="a") == len(rows)
        try:
            with s.begin_nested():
                _source(s, "src_b", rows[:5])
                audit.append_staged(s, "src_b", action="update", table_name="unit", summary="rolled back",
                                    order=staging.POSITION, record_id="record_id", after="a")
                raise _Undo
        except _Undo:
            pass
        audit.append(s, action="backup", summary="between")
        assert audit.append_staged(s, "src_a", action="insert", table_name="unit", summary="again",
                                   order=f"{staging.POSITION} DESC", record_id="record_id", after="a") == len(rows)
        audit.append(s, action="backup", summary="after")
    with db.session() as s:
        trail = list(s.scalars(select(AuditRecord).where(AuditRecord.seq > start).order_by(AuditRecord.seq)))
        assert [r.seq for r in trail] == list(range(start + 1, start + len(trail) + 1))
        assert [r.summary for r in trail] == ["before", *["staged «الف»"] * len(rows), "between", *["again"] * len(rows), "after"]
        assert [(r.record_id, r.before, r.after) for r in trail[1:1 + len(rows)]] == rows
        assert [(r.record_id, r.after) for r in trail[2 + len(rows):-1]] == [(rid, a) for rid, _, a in reversed(rows)]
        assert all(r.actor_name == trail[0].actor_name and r.actor_id == trail[0].actor_id for r in trail)
        assert audit.verify_chain(s) == []


def test_a_long_append_many_waits_in_the_stage_and_chains_as_queued(office, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """`append_many` of an import's batch (BATCH rows a call, 100,000 in a transaction) no
    longer holds a Python object per entry until the commit: a long batch waits in the
    stage. The trail is the one the short path writes: same fields, seq order, hashes
    that the chain check recomputes."""
    db, admin = office
    monkeypatch.setattr(audit, "_STAGED_CHUNK", 150)  # several chunks in and at commit
    ids = [uuid.uuid4() for _ in range(audit._STAGED_FROM + 17)]
    entries = [{"action": "insert", "table_name": "event_guest", "record_id": rid, "summary": "imported «مهمان»",
                "after": {"full_name": f"مهمان \"{i}\"\n", "seat": None, "n": i}} for i, rid in enumerate(ids)]
    staged: list[int] = []
    real = audit._stage_many

    def spy(*args: Any, **kwargs: Any) -> None:
        staged.append(len(args[1]))
        real(*args, **kwargs)

    monkeypatch.setattr(audit, "_stage_many", spy)
    with db.session() as s:
        start = s.scalar(select(AuditRecord.seq).order_by(AuditRecord.seq.desc()).limit(1)) or 0
    with db.transaction(admin.audit_identity) as s:
        audit.append(s, action="backup", summary="before")
        audit.append_many(s, entries[:3])  # short: queued as before
        audit.append_many(s, entries)  # long: staged
        try:
            with s.begin_nested():
                audit.append_many(s, entries)  # rolled back with its savepoint
                raise _Undo
        except _Undo:
            pass
        audit.append_many(s, [{**e, "record_id": None} for e in entries[:audit._STAGED_FROM]])
        audit.append(s, action="backup", summary="after")
    assert staged == [len(entries), len(entries), audit._STAGED_FROM]
    with db.session() as s:
        trail = list(s.scalars(select(AuditRecord).where(AuditRecord.seq > start).order_by(AuditRecord.seq)))
        assert [r.seq for r in trail] == list(range(start + 1, start + len(trail) + 1))
        assert len(trail) == 1 + 3 + len(entries) + audit._STAGED_FROM + 1
        assert [r.summary for r in trail][:5] == ["before", *["imported «مهمان»"] * 4]
        assert [r.record_id for r in trail[4:4 + len(ids)]] == ids and trail[4 + len(ids)].record_id is None
        assert [json.loads(r.after or "")["n"] for r in trail[4:4 + len(ids)]] == list(range(len(ids)))
        assert trail[4].after == trail[1].after  # the same entry staged and queued: the same text
        assert audit.verify_chain(s) == []
