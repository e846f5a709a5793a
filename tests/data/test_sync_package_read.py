"""The office reads a return package's changes twice (issue 17 §2, seventh step): the
chain check hashes each change over the stored UTF-8 bytes of its rows
(`OpenedPackage.chain_rows`, `office._check_chain`) instead of the text sqlite3 decodes
and Python encodes again, and the merge reads a table's changes in key order
(`office._in_key_order`) without SQLite sorting the row images. Each must give exactly
what it stands for: the chain check what `capture.chain_step_stored` over
`OpenedPackage.changes()` gives (the same result, or the same refusal), whatever a
damaged file stores (text with escapes, Persian and control characters, NULL, integers,
reals, blobs, keys not in canonical form, unknown tables or operations, wrong chain
values, a UTF-16 data file); the reading the rows, in the order, of `ORDER BY pk, seq`."""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pr_desk.data.sync import capture, office, registry
from pr_desk.data.sync.package import OpenedPackage, SyncRejected

TABLES = sorted(registry.BY_NAME)
_KEYS = [str(uuid.UUID(int=n * 0x1000_0000_0000_0001)) for n in range(6)]
_TEXT = st.one_of(st.text(max_size=20), st.sampled_from(['{"a":1}', '{"findings":"بازدید شماره 7: \\u0007 \\"x\\""}', "null", "\u2028"]))
_VALUE = st.one_of(st.none(), _TEXT, st.integers(min_value=-(2**63), max_value=2**63 - 1),
                   st.floats(allow_nan=False, allow_infinity=False), st.binary(max_size=6))
_CHANGE = st.tuples(st.one_of(st.sampled_from(TABLES), st.just("no_such_table")),
                    st.one_of(st.sampled_from(_KEYS), st.sampled_from([_KEYS[0].upper(), _KEYS[1].replace("-", ""), "x"])),
                    st.sampled_from(["I", "U", "D", "X"]), _VALUE, _VALUE, st.booleans())


def _data_file(folder: Path, rows: list[tuple[int, str, str, str, Any, Any, str]], encoding: str = "UTF-8") -> Path:
    path = folder / f"data-{uuid.uuid4().hex}.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA encoding = '{encoding}'")
    # (old and new without the TEXT the export declares, which would store numbers as text: the
    # import checks the file's tables by name, so a damaged or forged one may hold any type)
    conn.execute("CREATE TABLE change (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, pk TEXT NOT NULL, op TEXT NOT NULL, "
                 "old, new, chain TEXT NOT NULL)")
    conn.executemany("INSERT INTO change VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()
    return path


def _package(path: Path, start: str) -> OpenedPackage:
    # (a new checksum each time: _check_chain remembers the last file it checked by it)
    return OpenedPackage(path, uuid.uuid4().hex, {"start_chain": start}, path, tempfile.TemporaryDirectory())


def _reference(pkg: OpenedPackage, seq_from: int, after: int) -> office.ChainCheck:
    """The chain check as it was: the rows as sqlite3 reads them, `chain_step_stored` each."""
    prev = str(pkg.manifest.get("start_chain", ""))
    count, first, contiguous, sound, at_max, new = 0, None, True, True, None, 0
    try:
        for seq, tbl, pk, op, old, new_text, chain in pkg.changes():
            office._check_kind(seq, tbl, pk, op)
            prev = capture.chain_step_stored(prev, seq, tbl, pk, op, old, new_text)
            first = seq if first is None else first
            contiguous = contiguous and seq == seq_from + count
            sound = sound and chain == prev
            if seq == after:
                at_max = prev
            elif seq > after:
                new += 1
            count += 1
    except (ValueError, TypeError) as exc:
        raise SyncRejected(office.DAMAGED, name=pkg.path.name, reason=str(exc)) from exc
    return office.ChainCheck(count, first, contiguous, sound, prev, at_max, new)


def _outcome(check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except SyncRejected as exc:
        return ("refused", str(exc))


def _chained(changes: list[tuple[str, str, str, Any, Any, bool]], start: str) -> list[tuple[int, str, str, str, Any, Any, str]]:
    """Rows of a data file: each change's chain value right (as the export writes it) or not."""
    rows, prev = [], start
    for seq, (tbl, pk, op, old, new, right) in enumerate(changes, start=1):
        if right and all(v is None or isinstance(v, str) for v in (old, new)):
            prev = capture.chain_step_stored(prev, seq, tbl, pk, op, old, new)
            chain = prev
        else:
            chain = "0" * 64
        rows.append((seq, tbl, pk, op, old, new, chain))
    return rows


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_CHANGE, max_size=8), st.sampled_from(["", capture.GENESIS, "é"]), st.integers(min_value=0, max_value=9),
       st.sampled_from(["UTF-8", "UTF-16le"]))
@example([(TABLES[0], _KEYS[0], "I", None, '{"id":"' + _KEYS[0] + '","findings":"بازدید"}', True),
          (TABLES[0], _KEYS[0], "U", '{"id":"' + _KEYS[0] + '","findings":"بازدید"}', '{"findings":"x"}', True)],
         capture.GENESIS, 1, "UTF-8")
def test_the_chain_over_stored_bytes_is_the_chain_over_the_text(changes: list[Any], start: str, after: int, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _data_file(Path(folder), _chained(changes, start), encoding)
        pkg = _package(path, start)
        try:
            office.forget_decoded()
            assert _outcome(office._check_chain, pkg, 1, after) == _outcome(_reference, pkg, 1, after)
            # the bytes a text is hashed over are its own: every stored type comes back as it was stored
            assert [r[:4] + r[6:7] for r in pkg.chain_rows()] == [r[:4] + r[6:7] for r in pkg.changes()]
        finally:
            office.forget_decoded()
            pkg.close()


def test_a_right_chain_of_every_kind_of_text_is_sound(tmp_path: Path) -> None:
    texts = ['{"findings":"بازدید شماره 1: تابلو اعلانات به‌روز است"}', '{"a":"\\u0000\\n\\"\\\\"}', '{"e":"🙂"}', None]
    changes = [(TABLES[0], _KEYS[n % len(_KEYS)], "U", texts[n % 4], texts[(n + 1) % 4], True) for n in range(12)]
    pkg = _package(_data_file(tmp_path, _chained(changes, capture.GENESIS)), capture.GENESIS)
    try:
        office.forget_decoded()
        checked = office._check_chain(pkg, 1, 5)
        assert checked == _reference(pkg, 1, 5)
        assert checked.sound and checked.contiguous and checked.count == 12 and checked.new == 7
    finally:
        office.forget_decoded()
        pkg.close()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(TABLES[:3]), st.sampled_from(_KEYS)), max_size=30), st.integers(min_value=0, max_value=30))
@example([(TABLES[0], _KEYS[n]) for n in range(6)], 0)  # key order is sequence order: one scan
@example([(TABLES[0], _KEYS[5 - n]) for n in range(6)] * 300, 2)  # the other way round: blocks of 1,000
def test_changes_in_key_order_are_those_sql_sorts(keys: list[tuple[str, str]], after: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = [(seq, tbl, pk, "U", f'{{"n":{seq}}}', None, "") for seq, (tbl, pk) in enumerate(keys, start=1)]
        conn = sqlite3.connect(_data_file(Path(folder), rows))
        try:
            for tbl in TABLES[:3]:
                expected = conn.execute("SELECT seq, pk, op, old, new, NULL FROM change WHERE tbl = ? AND seq > ? "
                                        "ORDER BY pk, seq", (tbl, after)).fetchall()
                assert list(office._in_key_order(conn, tbl, after)) == expected
        finally:
            conn.close()


@pytest.mark.parametrize("stored", [7, 2.5, b"\x00\xff"])
def test_a_change_stored_as_another_type_is_hashed_as_before(tmp_path: Path, stored: Any) -> None:
    rows = [(1, TABLES[0], _KEYS[0], "U", stored, '{"a":1}', capture.chain_step_stored(capture.GENESIS, 1, TABLES[0], _KEYS[0], "U", stored, '{"a":1}'))]
    pkg = _package(_data_file(tmp_path, rows), capture.GENESIS)
    try:
        office.forget_decoded()
        assert [r[4] for r in pkg.changes()] == [stored]
        assert office._check_chain(pkg, 1, 0) == _reference(pkg, 1, 0)
    finally:
        office.forget_decoded()
        pkg.close()
