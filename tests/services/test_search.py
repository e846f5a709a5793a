"""The one search box (issue 15): the index of data/search.py on SQLite FTS5 and PostgreSQL,
kept in step by the writes themselves, Persian-aware, with each role's view."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from pr_desk.data import search as index
from pr_desk.domain.roles import Role
from pr_desk.services import meetings, units, users
from pr_desk.services import search as box
from pr_desk.services.context import Actor
from tests.services.meetings.factories import national_code


def _labels(groups: list[box.FoundGroup], kind: str) -> list[str]:
    return [h.label for g in groups if g.kind == kind for h in g.hits]


def _kinds(groups: list[box.FoundGroup]) -> list[str]:
    return [g.kind for g in groups]


@pytest.fixture
def desk(office):  # type: ignore[no-untyped-def]
    db, admin = office
    mayor = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    people = [("محمد", "رضایی"), ("علي", "محمدي"), ("زهرا", "محمدی‌نژاد"), ("كاظم", "کریمی")]
    citizens = []
    for n, (first, last) in enumerate(people):
        c = meetings.add_citizen(db, admin, national_code=national_code(700 + n), first_name=first, last_name=last,
                                 mobile=f"0912000000{n}", district=1 + n)
        citizens.append(c)
        meetings.register_request(db, admin, citizen_id=c.id, official_id=mayor.id, subject_category="other",
                                  channel="in_person", description=f"درخواست شماره ۱۲{n} برای تعمیر پیاده‌رو")
    unit = units.add_unit(db, admin, name="سازمان زیباسازی", kind="organisation", code="ZIBA")
    return db, admin, citizens, unit


def test_persian_spellings_digits_prefix_and_every_word(desk) -> None:  # type: ignore[no-untyped-def]
    db, admin, _citizens, _unit = desk
    # ي/ی, ك/ک in the records and in the query
    # (a ZWNJ separates words: محمدی‌نژاد has the word محمدی)
    assert sorted(_labels(box.search(db, admin, "محمدي "), "citizen")) == ["زهرا محمدی‌نژاد", "علی محمدی"]
    assert _labels(box.search(db, admin, "كاظم"), "citizen") == ["کاظم کریمی"]
    assert _labels(box.search(db, admin, "علی"), "citizen") == ["علی محمدی"]
    # prefix while typing: "محم" finds محمد, محمدی and محمدی‌نژاد
    assert sorted(_labels(box.search(db, admin, "محم"), "citizen")) == sorted(["محمد رضایی", "علی محمدی", "زهرا محمدی‌نژاد"])
    # a finished word (a space after it) is matched whole
    assert _labels(box.search(db, admin, "محمد "), "citizen") == ["محمد رضایی"]
    # ZWNJ, a space or nothing between the parts
    for spelling in ("محمدی‌نژاد", "محمدی نژاد", "محمدینژاد"):
        assert _labels(box.search(db, admin, spelling), "citizen") == ["زهرا محمدی‌نژاد"], spelling
    # several words, in any order; all must match
    assert _labels(box.search(db, admin, "محمدی علی"), "citizen") == ["علی محمدی"]
    assert _labels(box.search(db, admin, "محمدی کاظم"), "citizen") == []
    # digits in any script, diacritics and tatweel
    assert len(_labels(box.search(db, admin, "۰۹۱۲۰۰۰۰۰۰۳"), "citizen")) == 1
    assert len(_labels(box.search(db, admin, "٠٩١٢٠٠٠٠٠٠٣"), "request")) == 1
    assert _labels(box.search(db, admin, "عَلـــی"), "citizen") == ["علی محمدی"]
    # subject words, tracking code prefix (with or without its dash), national code
    assert len(_labels(box.search(db, admin, "پیاده رو"), "request")) == 4
    code = _labels(box.search(db, admin, "کریمی"), "request")[0].split(" ")[0]
    assert _labels(box.search(db, admin, code[:-1]), "request")
    assert _labels(box.search(db, admin, code.replace("-", "")), "request")
    assert _labels(box.search(db, admin, national_code(701)), "citizen") == ["علی محمدی"]
    assert box.search(db, admin, "  ") == [] and box.search(db, admin, "؟!") == []


def test_each_role_sees_only_its_kinds(desk) -> None:  # type: ignore[no-untyped-def]
    db, admin, _citizens, _unit = desk
    users.add_user(db, admin, username="insp", display_name="بازرس محمدی", role="inspector", password="insp-pass-1405")
    users.add_user(db, admin, username="clerk", display_name="کارشناس", role="clerk", password="clerk-pass-1405")
    everyone = box.search(db, admin, "محمدی")
    assert {"citizen", "request", "user"} <= set(_kinds(everyone))
    inspector = Actor(uuid.uuid4(), "insp", "بازرس", Role.INSPECTOR)
    seen = box.search(db, inspector, "محمدی")
    assert not {"citizen", "request", "order", "event", "guest", "user"} & set(_kinds(seen))
    assert box.search(db, inspector, "0912") == [] and box.search(db, inspector, "پیاده") == []
    assert _labels(box.search(db, inspector, "زیباساز"), "unit") == ["سازمان زیباسازی"]
    clerk = Actor(uuid.uuid4(), "clerk", "کارشناس", Role.CLERK)
    assert "citizen" in _kinds(box.search(db, clerk, "محمدی"))
    assert box.search(db, admin, "محمدی", kind="user")[0].kind == "user"


def test_the_index_follows_edits_deletes_raw_sql_and_reindex(desk) -> None:  # type: ignore[no-untyped-def]
    db, admin, citizens, unit = desk
    c = citizens[3]
    meetings.update_citizen(db, admin, citizen_id=c.id, national_code=c.national_code, first_name="کاظم",
                            last_name="کاظمی", mobile=None, district=4, expected_version=c.version)
    assert _labels(box.search(db, admin, "کریمی"), "citizen") == []
    assert _labels(box.search(db, admin, "کاظمی"), "citizen") == ["کاظم کاظمی"]
    # the request's entry carries its citizen's new name too
    assert _labels(box.search(db, admin, "کاظمی"), "request")
    assert _labels(box.search(db, admin, "کریمی"), "request") == []
    units.rename_unit(db, admin, unit.id, "روابط عمومی ناحیه هفت")
    assert _labels(box.search(db, admin, "ناحیه"), "unit") == ["روابط عمومی ناحیه هفت"]
    units.delete_unit(db, admin, unit.id)
    assert _labels(box.search(db, admin, "ناحیه"), "unit") == []
    # a write by raw SQL (as a sync import or an outside tool writes) is in step too
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE citizen SET last_name = 'طباطبایی' WHERE national_code = :c"), {"c": citizens[0].national_code})
    assert _labels(box.search(db, admin, "طباطبایی"), "citizen") == ["محمد طباطبایی"]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE citizen SET deleted_at = updated_at WHERE national_code = :c"), {"c": citizens[0].national_code})
    assert _labels(box.search(db, admin, "طباطبایی"), "citizen") == []
    # an update that touches no indexed column marks nothing
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE meeting_request SET queue_rank = queue_rank"))
        assert not index.pending(conn)
    # reindex builds the same index again from nothing
    before = box.search(db, admin, "محم")
    with db.engine.begin() as conn:
        conn.execute(text(f"DELETE FROM {index.ENTRY}"))
        if conn.dialect.name == "sqlite":
            conn.execute(text(f"INSERT INTO {index.FTS}({index.FTS}) VALUES ('rebuild')"))
    assert box.search(db, admin, "محم") == []
    assert box.reindex(db) > 0
    assert [(g.kind, sorted(h.label for h in g.hits)) for g in box.search(db, admin, "محم")] == \
        [(g.kind, sorted(h.label for h in g.hits)) for g in before]


def test_query_words() -> None:
    assert index.query_words("محمدي") == (["محمدی"], True)
    assert index.query_words("محمدي ") == (["محمدی"], False)
    assert index.query_words("A05-0002") == (["a050002"], True)
    assert index.words_of("می‌خواهم M1405-00123") == ["می", "خواهم", "m1405", "00123", "m140500123", "میخواهم"]


def test_a_search_never_waits_behind_another_programs_write(sqlite_office) -> None:  # type: ignore[no-untyped-def]
    import sqlite3
    import time

    db, admin = sqlite_office
    units.add_unit(db, admin, name="سازمان زیباسازی", kind="organisation", code="ZIBA")
    assert _labels(box.search(db, admin, "زیباسازی"), "unit") == ["سازمان زیباسازی"]
    units.add_unit(db, admin, name="سازمان زیباسازی دوم", kind="organisation", code="ZIB2")  # marked, not yet indexed
    holder = sqlite3.connect(db.engine.url.database, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
    try:
        started = time.monotonic()
        assert _labels(box.search(db, admin, "زیباسازی"), "unit") == ["سازمان زیباسازی"]  # what is indexed
        assert time.monotonic() - started < 3
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sorted(_labels(box.search(db, admin, "زیباسازی"), "unit")) == ["سازمان زیباسازی", "سازمان زیباسازی دوم"]


def test_words_piece_by_piece_are_the_words_of_the_whole_text() -> None:
    """The build normalises each whitespace-separated piece once and remembers it: the
    words must be exactly those of normalising the whole text at once, whatever it holds
    (presentation forms, marks that decompose to a space and a mark, ZWNJ, codes, controls)."""
    import random

    from pr_desk.data import search as index

    pieces = ["abc", "ABC", "123", "۱۲۳", "٤٥", "علی", "علي", "ك", "ۀ", "ة", "\u200c", "\u200d", "\u064e", "\u0640", " ",
              "\u00a0", "\t", "\n", "-", "_", ".", "،", "؛", "/", "M1405-00123", "\ufe70", "\u00a8", "İ", "ß", "ﻻ", "آ",
              "أ", "\u2028", "\x01", "\u200b", "@", "(", "می‌خواهم"]
    rng = random.Random(1405)
    for _ in range(20_000):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        assert index.words_of(raw) == index._words_of_whole(raw) == index.words_of(raw), repr(raw)
