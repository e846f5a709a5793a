"""On PostgreSQL a transaction's one audit entry is numbered and hashed by the server, in the
statement that locks the chain's head (issue 17 §3): the entry it writes is, column for
column, the one the Python path writes (the same sha256 over the same UTF-8 bytes, Persian
text, emoji, quotes and control characters included), the chain verifies, and writers
committing at once still make one gapless chain. SQLite keeps the Python path."""

from __future__ import annotations

import hashlib
import threading
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from pr_desk.data import audit
from pr_desk.data.models import AuditRecord, Meta
from pr_desk.services import maintenance

_TEXTS = [
    "سلام، درخواست شمارهٔ ۱۲۳",
    'quote " backslash \\ slash / tab \t newline \n end',
    "emoji 🙂🇮🇷 and a zero-width joiner \u200c and line separator \u2028 and é",
    "",
]


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[Any], str, str]]:
    """The entries `_chain_on_server` wrote: their row values (as given, before the server
    numbered them) and their hashed text around the seq."""
    seen: list[tuple[list[Any], str, str]] = []
    real = audit._chain_on_server

    def spy(session: Any, p: Any) -> None:
        seen.append((list(p.row), p.text_before_seq, p.text_after_seq))
        real(session, p)

    monkeypatch.setattr(audit, "_chain_on_server", spy)
    return seen


def _python_hash(prev: str, before_seq: str, seq: int, after_seq: str) -> str:
    return hashlib.sha256(f"{prev}\n{before_seq}{seq}{after_seq}".encode()).hexdigest()


def test_one_entry_is_chained_by_the_server_as_the_python_path_chains_it(office, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    seen = _spy(monkeypatch)
    returned = []
    for i, summary in enumerate(_TEXTS):
        with db.transaction(admin.audit_identity) as s:
            returned.append(audit.append(s, action="backup", summary=summary, record_id=uuid.uuid4() if i % 2 else None,
                                         after={"notes": summary, "n": i} if i != 3 else None))
    with db.transaction(admin.audit_identity) as s:  # two entries: the Python path, on both
        audit.append(s, action="backup", summary=_TEXTS[0])
        audit.append(s, action="backup", summary=_TEXTS[2])
    on_postgresql = db.engine.dialect.name == "postgresql"
    assert len(seen) == (len(_TEXTS) if on_postgresql else 0)
    with db.session() as s:
        stored = {r.id: r for r in s.scalars(select(AuditRecord))}
        for rec in returned:
            row = stored[rec.id]
            assert (row.seq, row.prev_hash, row.hash) == (rec.seq, rec.prev_hash, rec.hash)
            assert row.hash == audit.entry_hash(row.prev_hash, audit._hash_fields(row))
        for values, before_seq, after_seq in seen:
            row = stored[values[0]]
            # every column as the Python path would write it: the values given, and the
            # hash Python computes over the same text with the seq and prev the server took
            assert [getattr(row, c) for c in audit._COLUMNS if c not in ("seq", "prev_hash", "hash")] == [
                v for c, v in zip(audit._COLUMNS, values, strict=True) if c not in ("seq", "prev_hash", "hash")]
            assert row.hash == _python_hash(row.prev_hash, before_seq, row.seq, after_seq)
        seqs = sorted(r.seq for r in stored.values())
        assert seqs == list(range(1, len(seqs) + 1))
        head = dict(s.execute(select(Meta.key, Meta.value).where(Meta.key.in_([audit.HEAD_SEQ, audit.HEAD_HASH]))).all())
        last = max(stored.values(), key=lambda r: r.seq)
        assert head == {audit.HEAD_SEQ: str(last.seq), audit.HEAD_HASH: last.hash}
        assert audit.verify_chain(s) == []
    assert maintenance.check(db).ok


def test_postgresql_writers_committing_at_once_make_one_gapless_chain(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from pr_desk.services.setup import create_database
    from tests.conftest import ADMIN_PASSWORD

    seen = _spy(monkeypatch)
    db, admin = create_database(pg_url, admin_username="admin", admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        start = len(seen)
        errors: list[BaseException] = []
        gate = threading.Barrier(4)

        def writer(n: int) -> None:
            try:
                gate.wait()
                for i in range(15):
                    with db.transaction(admin.audit_identity, wait_ms=30000) as s:
                        audit.append(s, action="backup", summary=f"نویسنده {n} بار {i}")
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(seen) - start == 60
        with db.session() as s:
            rows = s.scalars(select(AuditRecord).order_by(AuditRecord.seq)).all()
            assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
            assert sum(r.summary.startswith("نویسنده") for r in rows) == 60
            assert audit.verify_chain(s) == []
    finally:
        db.dispose()


def test_postgresql_a_database_without_head_rows_gets_them_from_the_server_chained_entry(pg_url: str) -> None:
    from pr_desk.services.setup import create_database
    from tests.conftest import ADMIN_PASSWORD

    db, admin = create_database(pg_url, admin_username="admin", admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        with db.engine.begin() as conn:  # as a database made before the head rows
            conn.execute(AuditRecord.__table__.delete())
            conn.execute(Meta.__table__.delete().where(Meta.key.in_([audit.HEAD_SEQ, audit.HEAD_HASH])))
        with db.transaction(admin.audit_identity) as s:
            first = audit.append(s, action="backup", summary="first")
        assert (first.seq, first.prev_hash) == (1, audit.GENESIS)
        with db.session() as s:
            head = dict(s.execute(select(Meta.key, Meta.value).where(Meta.key.in_([audit.HEAD_SEQ, audit.HEAD_HASH]))).all())
            assert head == {audit.HEAD_SEQ: "1", audit.HEAD_HASH: first.hash}
            assert audit.verify_chain(s) == []
    finally:
        db.dispose()
