"""The audit chain takes its head when a transaction commits (issue 17 §3): a transaction's
entries are numbered and chained at its commit, in their order and next to each other; a
rolled-back transaction or savepoint leaves no entry and no gap; and on PostgreSQL a
writer no longer holds the head while its transaction runs, so another writer's commit
does not wait for it."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from pr_desk.data import audit
from pr_desk.data.models import AuditRecord, Unit
from pr_desk.domain.text import normalize_for_search
from pr_desk.services import maintenance


class _Undo(Exception):
    pass


def _unit(name: str) -> Unit:
    return Unit(code=f"T{uuid.uuid4().hex[:8]}", name=name, name_search=normalize_for_search(name), kind="company", notes="")


def _trail(db) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return [(r.seq, r.action, r.summary) for r in s.scalars(select(AuditRecord).order_by(AuditRecord.seq))]


def _units_of(db, names: list[str]) -> dict[uuid.UUID, str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return {u.id: u.name for u in s.scalars(select(Unit).where(Unit.name.in_(names)))}


def test_a_rolled_back_savepoint_or_transaction_leaves_no_entry_and_no_gap(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    start = len(_trail(db))
    with pytest.raises(_Undo), db.transaction(admin.audit_identity) as s:
        s.add(_unit("سازمان برگشتی"))
        s.flush()
        audit.append(s, action="backup", summary="rolled back")
        raise _Undo
    assert len(_trail(db)) == start
    with db.transaction(admin.audit_identity) as s:
        s.add(_unit("سازمان الف"))
        s.flush()
        try:
            with s.begin_nested():
                s.add(_unit("سازمان ب"))
                s.flush()
                audit.append(s, action="backup", summary="savepoint rolled back")
                raise _Undo
        except _Undo:
            pass
        with s.begin_nested():  # a savepoint released keeps its entries
            s.add(_unit("سازمان ج"))
        audit.append(s, action="backup", summary="kept")
    trail = _trail(db)
    assert [seq for seq, _a, _s in trail] == list(range(1, len(trail) + 1))
    assert [(a, summary) for _seq, a, summary in trail[start:]] == [("insert", ""), ("insert", ""), ("backup", "kept")]
    ids = _units_of(db, ["سازمان الف", "سازمان ب", "سازمان ج", "سازمان برگشتی"])
    assert sorted(ids.values()) == ["سازمان الف", "سازمان ج"]
    with db.session() as s:
        assert {r.record_id for r in s.scalars(select(AuditRecord).where(AuditRecord.seq > start, AuditRecord.action == "insert"))} == set(ids)
        assert audit.verify_chain(s) == []
    assert maintenance.check(db).ok


def test_the_entry_append_returns_is_numbered_and_chained_at_commit(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    with db.transaction(admin.audit_identity) as s:
        first = audit.append(s, action="backup", summary="one")
        second = audit.append(s, action="backup", summary="two")
        assert first.seq is None  # not yet: the head is taken at commit
    assert second.seq == first.seq + 1 and second.prev_hash == first.hash
    with db.session() as s:
        stored = s.scalars(select(AuditRecord).where(AuditRecord.seq.in_([first.seq, second.seq])).order_by(AuditRecord.seq)).all()
        assert [(r.id, r.summary, r.prev_hash, r.hash) for r in stored] == [
            (first.id, "one", first.prev_hash, first.hash), (second.id, "two", second.prev_hash, second.hash)]
        assert audit.verify_chain(s) == []


def test_a_long_batch_is_chained_as_one_entry_each_would_be(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    entries = [{"action": "update", "table_name": "unit", "record_id": uuid.uuid4(), "summary": f"entry {i}",
                "before": {"notes": ""}, "after": {"notes": f"یادداشت {i}"}} for i in range(audit._STAGED_FROM + 5)]
    with db.transaction(admin.audit_identity) as s:
        audit.append(s, action="backup", summary="before the batch")
        audit.append_many(s, entries)
        audit.append(s, action="backup", summary="after the batch")
    trail = _trail(db)
    assert [summary for _seq, _a, summary in trail[-len(entries) - 2:]] == (
        ["before the batch", *[e["summary"] for e in entries], "after the batch"])
    with db.session() as s:
        assert audit.verify_chain(s) == []


def test_postgresql_a_writer_does_not_hold_the_head_while_its_transaction_runs(pg_url: str) -> None:
    from pr_desk.services.setup import create_database
    from tests.conftest import ADMIN_PASSWORD

    db, admin = create_database(pg_url, admin_username="admin", admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        slow = db.transaction(admin.audit_identity)
        s = slow.__enter__()
        try:
            # its entry is made, the head not taken (an entry only: a synced record's
            # change would also take the sync capture's lock, another matter)
            slow_entry = audit.append(s, action="backup", summary="slow")
            s.flush()
            # another clerk's write commits meanwhile; with the head held since the entry
            # above it would wait and fail after 3 s
            with db.transaction(admin.audit_identity, wait_ms=3000) as other:
                other.add(_unit("سازمان تند"))
        except BaseException as exc:
            slow.__exit__(type(exc), exc, exc.__traceback__)
            raise
        slow.__exit__(None, None, None)
        fast = next(iter(_units_of(db, ["سازمان تند"])))
        with db.session() as s:
            order = [(r.id, r.record_id) for r in s.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(2))]
            assert order == [(slow_entry.id, None), (order[1][0], fast)]  # chained in commit order
            assert audit.verify_chain(s) == []
    finally:
        db.dispose()


def test_the_check_sees_the_chain_and_its_head_as_of_one_moment_while_others_write(office) -> None:  # type: ignore[no-untyped-def]
    """`pr-desk check` reads the trail a batch at a time, then the head. On PostgreSQL, where
    each statement of a read sees the database anew, another clerk's entry committed after
    the last batch was read and before the head was made the check say "the newest entries
    were removed" of an intact trail. It reads as of one moment now, on both databases."""
    from sqlalchemy import event

    db, admin = office
    with db.transaction(admin.audit_identity) as s:
        audit.append(s, action="backup", summary="before the check")
    batches: list[str] = []

    def another_clerk_writes(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "FROM audit_record" not in statement or "ORDER BY audit_record.seq" not in statement:
            return
        batches.append(statement)
        if len(batches) == 2:  # the second batch came back empty: the head is read next
            with db.transaction(admin.audit_identity) as other:
                audit.append(other, action="backup", summary="during the check")

    event.listen(db.engine, "after_cursor_execute", another_clerk_writes)
    try:
        report = maintenance.check(db)
    finally:
        event.remove(db.engine, "after_cursor_execute", another_clerk_writes)
    assert len(batches) == 2 and report.ok, report.problems
    assert [a for _seq, a, summary in _trail(db) if summary == "during the check"] == ["backup"]
    assert maintenance.check(db).ok
