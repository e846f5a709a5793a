"""Packages that must be refused with a clear sentence and the database unchanged, an
import interrupted half-way, replays, out-of-order and cloned field copies; on SQLite
and PostgreSQL (one office per backend, every bad package against it)."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pr_desk.data.sync import capture, identity
from pr_desk.data.sync import office as office_side
from pr_desk.data.sync.package import manifest_mac
from pr_desk.domain.errors import UserError
from pr_desk.services import evaluation as ev
from pr_desk.services import sync
from pr_desk.services.setup import open_or_create
from tests.services.evaluation.factories import full_scores
from tests.services.sync.support import (
    auth,
    checkout,
    digest,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _resign(good: Path, key: str, *, manifest: Callable[[dict[str, Any]], None] | None = None,
            data: Callable[[sqlite3.Connection], None] | None = None, rechain: bool = False) -> bytes:
    """The package rebuilt after a change, with checksums (and the signature, as someone
    holding this office's key could) made to match: the checks behind them must catch it."""
    import hashlib
    import tempfile

    members = _members(good)
    m = json.loads(members["manifest.json"])
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "d.sqlite"
        p.write_bytes(members["data.sqlite"])
        conn = sqlite3.connect(p)
        if data:
            data(conn)
        if rechain:
            prev = m["start_chain"]
            conn.text_factory = bytes  # (a row made not UTF-8 is chained over its bytes, as the office hashes them)
            for seq, tbl, pk, op, old, new in conn.execute("SELECT seq, tbl, pk, op, old, new FROM change ORDER BY seq").fetchall():
                try:
                    prev = capture.chain_step_stored(prev, seq, tbl.decode(), pk.decode(), op.decode(), old and old.decode(), new and new.decode())
                except UnicodeDecodeError:
                    prev = hashlib.sha256(b'%s{"new":%s,"old":%s,"op":%s,"pk":%s,"seq":%d,"tbl":%s}' % (
                        prev.encode(), new or b"null", old or b"null", b'"%s"' % op, b'"%s"' % pk, seq, b'"%s"' % tbl)).hexdigest()
                conn.execute("UPDATE change SET chain = ? WHERE seq = ?", (prev, seq))
            m["end_chain"] = prev
        conn.commit()
        conn.close()
        raw = p.read_bytes()
    m["data_sha256"] = hashlib.sha256(raw).hexdigest()
    if manifest:
        manifest(m)
    m["mac"] = manifest_mac(m, key)
    return _zip({"manifest.json": json.dumps(m).encode(), "data.sqlite": raw})


def _new_id(m: dict[str, Any]) -> None:
    import uuid

    m["package_id"] = str(uuid.uuid4())


def _flip(raw: bytes, at: int) -> bytes:
    b = bytearray(raw)
    b[at] ^= 0xFF
    return bytes(b)


def _bomb() -> bytes:
    return _zip({"manifest.json": b"{}", "data.sqlite": b"\0" * (60 << 20)})


def bad_packages(good: Path, key: str, office_file: bytes) -> dict[str, tuple[bytes, str]]:
    """name -> (file bytes, a word the refusal must contain, in English msgid form)."""
    raw = good.read_bytes()
    members = _members(good)
    m = json.loads(members["manifest.json"])
    data_at = raw.find(members["data.sqlite"][:64]) if raw.find(members["data.sqlite"][:64]) > 0 else len(raw) // 2
    unsigned = dict(m, office_id="00000000-0000-0000-0000-000000000000")
    return {
        "empty": (b"", "not a PR Desk sync file"),
        "random bytes": (bytes(range(256)) * 40, "not a PR Desk sync file"),
        "truncated half": (raw[: len(raw) // 2], "damaged"),
        "truncated tail": (raw[:-10], "damaged"),
        "flipped byte in data": (_flip(raw, data_at + 200), "damaged|changed after"),
        "a real database file": (office_file, "not a PR Desk sync file"),
        "text file": ("سلام، این یک فایل متنی است".encode() * 50, "not a PR Desk sync file"),
        "zip without manifest": (_zip({"data.sqlite": members["data.sqlite"]}), "not a PR Desk sync file"),
        "zip with manifest only": (_zip({"manifest.json": members["manifest.json"]}), "not a PR Desk sync file"),
        "manifest not json": (_zip({"manifest.json": b"{not json", "data.sqlite": members["data.sqlite"]}), "damaged"),
        "someone else's zip": (_zip({"manifest.json": b'{"app": "other"}', "data.sqlite": b"x"}), "not a PR Desk sync file"),
        "format 2": (_zip({"manifest.json": json.dumps(dict(m, format=2)).encode(), "data.sqlite": members["data.sqlite"]}), "format"),
        "unknown kind": (_zip({"manifest.json": json.dumps(dict(m, kind="x")).encode(), "data.sqlite": members["data.sqlite"]}), "not a PR Desk sync file"),
        "data swapped": (_zip({"manifest.json": members["manifest.json"], "data.sqlite": members["data.sqlite"] + b"\0" * 512}), "changed after"),
        "manifest edited, unsigned": (_zip({"manifest.json": json.dumps(dict(m, seq_to=1)).encode(), "data.sqlite": members["data.sqlite"]}), "changed after"),
        "another office": (_zip({"manifest.json": json.dumps(unsigned).encode(), "data.sqlite": members["data.sqlite"]}), "different office"),
        "zip slip": (_zip({**members, "../../evil.txt": b"x"}), "not safe"),
        "absolute path": (_zip({**members, "/etc/evil": b"x"}), "not safe"),
        "extra member": (_zip({**members, "attachments/x": b"x"}), "not a PR Desk sync file"),
        "zip bomb": (_bomb(), "not safe"),
        "wrong application id": (_resign(good, key, data=lambda c: c.execute("PRAGMA application_id = 1")), "not a PR Desk sync file"),
        "extra trigger in data": (_resign(good, key, data=lambda c: c.execute("CREATE TRIGGER t AFTER INSERT ON state BEGIN SELECT 1; END")), "not a PR Desk sync file"),
        "newer schema": (_resign(good, key, manifest=lambda x: x.update(schema_revision="9999")), "newer version"),
        "older schema": (_resign(good, key, manifest=lambda x: x.update(schema_revision="0001")), "older version"),
        "other table layout": (_resign(good, key, manifest=lambda x: x.update(schema_fingerprint="0" * 64)), "different table layout"),
        "change row edited, unsigned": (_resign(good, "00" * 32, data=lambda c: c.execute("UPDATE change SET new = replace(new, 'میدان', 'دفتر')")), "changed after"),
        "change row edited with the key": (_resign(good, key, data=lambda c: c.execute("UPDATE change SET new = replace(new, 'میدان', 'دفتر')"),
                                                   manifest=_new_id), "changed after"),
        "unknown field copy": (_resign(good, key, manifest=lambda x: x.update(source_replica="01234567-89ab-7def-8123-456789abcdef")), "does not know"),
        "office field package at the office": (_resign(good, key, manifest=lambda x: x.update(kind="field")), "field copy"),
        "acknowledged change rewritten with the key": (_resign(good, key, data=lambda c: c.execute("UPDATE change SET new = json_set(new, '$.secret', 1) WHERE op = 'I'"),
                                                               rechain=True, manifest=_new_id), "history differs"),
        "gap in changes": (_resign(good, key, data=lambda c: c.execute("DELETE FROM change WHERE seq = (SELECT MIN(seq) FROM change)"),
                                   manifest=lambda x: (x.update(seq_from=x["seq_from"] + 1), _new_id(x))), "earlier sync file|changed after"),
        "same id other content": (_resign(good, key, data=lambda c: c.execute("UPDATE change SET new = replace(new, 'میدان', 'دفتر')"), rechain=True), "different file with the same package id"),
    }


def row_cases(fresh: Path, key: str) -> dict[str, tuple[bytes, str]]:
    """Rows of changes the office has not seen yet, rewritten by someone holding the key
    (chain recomputed): row validation refuses them."""
    newest = "WHERE seq = (SELECT MAX(seq) FROM change)"
    return {
        "unknown column": (_resign(fresh, key, data=lambda c: c.execute(f"UPDATE change SET new = json_set(new, '$.secret', 1) {newest}"), rechain=True,
                                  manifest=_new_id), "damaged"),
        "bad value": (_resign(fresh, key, data=lambda c: c.execute(f"UPDATE change SET new = json_set(new, '$.version', 'x') {newest}"), rechain=True,
                              manifest=_new_id), "damaged"),
        "unknown table": (_resign(fresh, key, data=lambda c: c.execute(f"UPDATE change SET tbl = 'citizen' {newest}"), rechain=True,
                                  manifest=_new_id), "damaged"),
        # JSON, but not a row: an export's bug reaching the office, said as a damaged file
        "row image a list": (_resign(fresh, key, data=lambda c: c.execute(f"UPDATE change SET new = '[1]' {newest}"), rechain=True,
                                     manifest=_new_id), "damaged"),
        "row image a text": (_resign(fresh, key, data=lambda c: c.execute(f"UPDATE change SET new = '\"x\"' {newest}"), rechain=True,
                                     manifest=_new_id), "damaged"),
        # a text that is not UTF-8 (sqlite3 will not even fetch it): chained over its bytes,
        # in the row image and in a name
        "row image not UTF-8": (_resign(fresh, key, data=lambda c: c.execute(f"UPDATE change SET new = CAST(x'7b22ff22' AS TEXT) {newest}"),
                                        rechain=True, manifest=_new_id), "damaged"),
        "operation not UTF-8": (_resign(fresh, key, data=lambda c: c.execute(f"UPDATE change SET op = CAST(x'ff' AS TEXT) {newest}"),
                                        rechain=True, manifest=_new_id), "damaged"),
        "old image a number": (_resign(fresh, key, data=lambda c: c.execute("UPDATE change SET old = '7' WHERE seq = (SELECT MAX(seq) FROM change WHERE old IS NOT NULL)"),
                                       rechain=True, manifest=_new_id), "damaged"),
    }


def test_bad_packages_are_refused_and_change_nothing(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    laptop = checkout(world, "k")
    form = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=world.units[0].id)
    ev.save_scores(laptop.db, laptop.actor, form.form.id, lines=full_scores(form, ["8", "4", "15"], note="میدان"))
    good = laptop.export(tmp_path)
    with laptop.db.session() as session:  # the field copy's own signing key (a stolen laptop has it)
        key = identity.office_key(session)
    with world.office.session() as session:
        assert key != identity.office_key(session)  # each copy signs with its own key, not the office's
    office_file = (tmp_path / "k.sqlite").read_bytes()
    cases = bad_packages(good, key, office_file)
    # the last case needs the good package imported first (same id, other content)
    receipt = sync.apply_import(world.office, world.supervisor, path=good)
    assert receipt.status == "applied"
    ev.save_field_visit(laptop.db, laptop.actor, form.form.id, visited_on="1404/04/11", findings="میدان")
    cases.update(row_cases(laptop.export(tmp_path), key))
    # another inspector's copy impersonated by this laptop (its key, the other copy's id)
    other = checkout(world, "other")
    cases["another copy impersonated"] = (_resign(good, key, manifest=lambda x: (x.update(source_replica=other.replica_id), _new_id(x))),
                                          "changed after")
    other.db.dispose()
    assert len(cases) >= 33
    before = digest(world.office)
    for name, (content, words) in cases.items():
        bad = tmp_path / f"bad-{len(name)}-{abs(hash(name))}.prsync"
        bad.write_bytes(content)
        with pytest.raises(UserError) as caught:
            sync.preview_import(world.office, world.supervisor, path=bad)
        from pr_desk.i18n import set_language

        set_language("en")
        try:
            with pytest.raises(UserError) as caught:
                sync.apply_import(world.office, world.supervisor, path=bad)
            message = str(caught.value)
        finally:
            set_language("fa")
        assert any(w in message for w in words.split("|")), (name, message)
        assert message.endswith(".") and len(message) > 20, (name, message)
        assert digest(world.office) == before, name
    laptop.db.dispose()


def test_a_return_file_of_a_laptop_one_sync_compatible_version_behind_is_merged(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Migrations that add only office-only tables (the directive register, the objective
    measures) leave the synced tables as they were: a laptop still on the schema of the
    last synced-table change (SYNC_COMPATIBLE_FROM) can send its work in; an older one is
    asked to update, its work kept."""
    from pr_desk.data.sync.registry import SYNC_COMPATIBLE_FROM

    world = make_world(office, tmp_path)
    laptop = checkout(world, "k")
    form = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=world.units[0].id)
    ev.save_scores(laptop.db, laptop.actor, form.form.id, lines=full_scores(form, ["8", "4", "15"], note="میدان"))
    good = laptop.export(tmp_path)
    with laptop.db.session() as session:
        key = identity.office_key(session)
    behind = tmp_path / "behind.prsync"
    behind.write_bytes(_resign(good, key, manifest=lambda x: x.update(schema_revision=SYNC_COMPATIBLE_FROM)))
    assert sync.preview_import(world.office, world.supervisor, path=behind).status == "apply"
    assert sync.apply_import(world.office, world.supervisor, path=behind).status == "applied"
    laptop.db.dispose()


def test_an_interrupted_import_leaves_the_database_as_it_was(office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    laptop = checkout(world, "k")
    form = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=world.units[0].id)
    ev.save_scores(laptop.db, laptop.actor, form.form.id, lines=full_scores(form, ["8", "4", "15"]))
    package = laptop.export(tmp_path)
    before = digest(world.office)
    real, calls = office_side.stage_inserts, []  # each table's new rows, set-based

    def failing(*args: Any, **kw: Any) -> None:
        calls.append(1)
        if len(calls) == 2:  # the scores: after the new form was written
            raise RuntimeError("power cut")
        real(*args, **kw)

    monkeypatch.setattr(office_side, "stage_inserts", failing)
    with pytest.raises(RuntimeError):
        sync.apply_import(world.office, world.supervisor, path=package)
    assert len(calls) == 2 and digest(world.office) == before
    monkeypatch.setattr(office_side, "stage_inserts", real)
    assert sync.apply_import(world.office, world.supervisor, path=package).status == "applied"
    laptop.db.dispose()


def test_older_package_after_a_newer_one_and_a_cloned_copy(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    laptop = checkout(world, "k")
    form = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=world.units[0].id)
    older = laptop.export(tmp_path)
    ev.save_field_visit(laptop.db, laptop.actor, form.form.id, visited_on="1404/04/10", findings="یک")
    newer = laptop.export(tmp_path)  # cumulative: holds the older one's changes too
    assert sync.apply_import(world.office, world.supervisor, path=newer).status == "applied"
    before = digest(world.office)
    assert sync.apply_import(world.office, world.supervisor, path=older).status == "nothing_new"
    assert digest(world.office) == before
    assert len(ev.get_form(world.office, world.supervisor, form.form.id).visits) == 1
    # a copied laptop file: same identity, different history -> refused
    laptop.db.dispose()
    shutil.copy(tmp_path / "k.sqlite", tmp_path / "clone.sqlite")
    for name in ("k", "clone"):
        db = open_or_create(str(tmp_path / f"{name}.sqlite"), create=False).db
        actor = auth.login(db, "insp", "staff-pass-1405")
        ev.save_field_visit(db, actor, form.form.id, visited_on="1404/04/11", findings=name)
        sync.export_return_package(db, actor, out=tmp_path / f"{name}.prsync")
        db.dispose()
    assert sync.apply_import(world.office, world.supervisor, path=tmp_path / "k.prsync").status == "applied"
    before = digest(world.office)
    with pytest.raises(UserError, match="."):
        sync.apply_import(world.office, world.supervisor, path=tmp_path / "clone.prsync")
    assert digest(world.office) == before


def test_human_numbers_from_two_field_copies_and_the_office_never_collide(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    a, b = checkout(world, "a"), checkout(world, "b")
    numbers = set()
    for copy, unit in ((a, world.units[0]), (b, world.units[1])):
        numbers.add(ev.open_form(copy.db, copy.actor, period_id=world.period.id, unit_id=unit.id).form.number)
    numbers.add(ev.open_form(world.office, world.admin, period_id=world.period.id, unit_id=world.units[2].id).form.number)
    assert len(numbers) == 3 and {n[:3] for n in numbers} == {"EVA", "EVB", "EVC"}
    for copy in (a, b):
        assert sync.apply_import(world.office, world.supervisor, path=copy.export(tmp_path)).open_conflicts == 0
        copy.db.dispose()
    forms = ev.list_forms(world.office, world.supervisor, period_id=world.period.id)
    assert {f.number for f in forms} >= numbers
