"""The search index after a bulk import (issue 15): the meetings import turns the insert
triggers of its tables off and marks its rows by one statement per kind after them
(data/search.marks_after_inserts); the marks, the index and the triggers afterwards are
the same as with a trigger per row, on SQLite and PostgreSQL; a rolled back import leaves
the triggers as they were."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pr_desk.data import search as index
from pr_desk.domain.roles import Role
from pr_desk.services import meetings
from pr_desk.services import search as box
from pr_desk.services.meetings.importing import import_meetings
from tests.services.meetings.factories import actor, national_code
from tests.services.meetings.test_import_bulk import row


def _marks(db) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return {(k, str(r).replace("-", "")) for k, r in conn.execute(text(f"SELECT kind, record_id FROM {index.DIRTY}"))}


def _triggers(db) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        if db.engine.dialect.name != "sqlite":
            return sorted(conn.execute(text("SELECT event_object_table, event_manipulation FROM information_schema.triggers "
                                            "WHERE trigger_name = 'search_mark'")).all())
        return sorted(conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                        "AND name LIKE 'search_mark_%'")).all())


def test_a_bulk_import_marks_what_the_triggers_would_and_is_found(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    known = meetings.add_citizen(db, admin, national_code=national_code(5),
                                 first_name="رضا", last_name="کریمی", district="9")
    box.refresh(db)
    assert _marks(db) == set()
    triggers = _triggers(db)
    rows = [row(2, 5), row(3, 6, first_name="زهرا", last_name="محمدي‌نژاد"), row(4, 7, last_name="كاظمی")]
    import_meetings(db, clerk, rows)
    assert _triggers(db) == triggers  # made again as they were
    with db.engine.connect() as conn:
        requests = {r.hex if hasattr(r, "hex") else r for r in conn.execute(text("SELECT id FROM meeting_request")).scalars()}
        citizens = {r.hex if hasattr(r, "hex") else r for r in conn.execute(text("SELECT id FROM citizen")).scalars()}
    # every new request and citizen marked (the known citizen was not written)
    assert _marks(db) == {("request", r) for r in requests} | {("citizen", c) for c in citizens if c != known.id.hex}
    assert [h.label for g in box.search(db, admin, "محمدی نژاد") for h in g.hits if g.kind == "citizen"] == ["زهرا محمدی‌نژاد"]
    assert len([h for g in box.search(db, admin, "کاظمی") for h in g.hits if g.kind == "request"]) == 1
    assert _marks(db) == set()
    # the triggers mark an edit after the import as before
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE citizen SET last_name = 'تهرانی' WHERE last_name = 'كاظمی' OR last_name = 'کاظمی'"))
    assert [h.label for g in box.search(db, admin, "تهرانی") for h in g.hits if g.kind == "citizen"] == ["مریم تهرانی"]


def test_a_rolled_back_import_leaves_the_triggers(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    triggers = _triggers(db)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), db.engine.begin() as conn:
        with index.marks_after_inserts(conn, ("citizen", "meeting_request")):
            conn.execute(text("DELETE FROM search_dirty"))
            raise Boom()
    assert _triggers(db) == triggers
    # and a write caught inside the transaction (the rows so far kept) is still marked
    with db.engine.begin() as conn:
        try:
            with index.marks_after_inserts(conn, ("citizen",)):
                conn.execute(text(
                    "INSERT INTO citizen (id, created_at, updated_at, version, national_code, first_name, last_name, "
                    "name_search, last_name_search, mobile, district, priority_group, priority_note, notes) VALUES "
                    "(:id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, '0012345679', 'سارا', 'نیکپور', 'سارانیکپور', 'نیکپور', "
                    "'09120000000', 3, 'none', '', '')"), {"id": "0" * 31 + "1" if db.engine.dialect.name == "sqlite"
                                                           else "00000000-0000-0000-0000-000000000001"})
                raise Boom()
        except Boom:
            pass
    assert _triggers(db) == triggers
    assert ("citizen", "0" * 31 + "1") in _marks(db)
    assert [h.label for g in box.search(db, admin, "نیکپور") for h in g.hits] == ["سارا نیکپور"]


def _ids(db, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return {r.hex if hasattr(r, "hex") else str(r).replace("-", "") for r in conn.execute(text(f"SELECT id FROM {table}")).scalars()}


def test_the_event_guest_and_directive_imports_mark_in_bulk_too(office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.domain.event_imports import GuestImportRow
    from pr_desk.services.directives.importing import import_directives
    from pr_desk.services.events import importing as events_import
    from tests.services.directives.test_importing import row as directive_row
    from tests.services.events.test_event_imports import _event, _setup

    db, admin = office
    _setup(db, admin, capacity=100)
    box.refresh(db)
    triggers = _triggers(db)
    code = _event(db, admin)  # the events import
    assert _triggers(db) == triggers
    assert _marks(db) == {("event", e) for e in _ids(db, "event")}
    events_import.import_guests(db, admin, [
        GuestImportRow(2, "جناب آقای دکتر", "علی رضایی", "معاون شهردار", "شهرداری تهران", "", "", "", ""),
        GuestImportRow(3, "سرکار خانم", "مريم احمدي", "", "", "", "", "", "")], event_code=code)
    assert _triggers(db) == triggers
    assert _marks(db) == {("event", e) for e in _ids(db, "event")} | {("guest", g) for g in _ids(db, "event_guest")}
    import_directives(db, admin, [directive_row(12), directive_row(13, title="ساعات پاسخگويي تلفني")])
    assert _triggers(db) == triggers
    assert {m for m in _marks(db) if m[0] == "directive"} == {("directive", d) for d in _ids(db, "directive")}
    found = {g.kind: [h.label for h in g.hits] for g in box.search(db, admin, "پاسخگویی")}
    assert len(found.get("directive", [])) == 1
    assert [h.label for g in box.search(db, admin, "مریم احمدی") for h in g.hits if g.kind == "guest"] == ["مریم احمدی"]
    assert _marks(db) == set()
