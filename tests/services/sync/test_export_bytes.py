"""The field copy's return export streams the change log into the package (issue 17 §2)
without changing a byte of it: the data file equals, byte for byte, the one written from
the change log read whole through the typed values (the way the package was first made:
`Change.canonical()`, `codec.dumps`, `chain_step`), and so does the chain."""

from __future__ import annotations

import json
import sqlite3
import uuid
import zipfile
from pathlib import Path

import pytest

from pr_desk.data.engine import sqlite_path
from pr_desk.data.sync import capture, codec, identity
from pr_desk.data.sync.package import write_package
from pr_desk.services import evaluation as ev
from pr_desk.services.context import read
from tests.services.evaluation.factories import full_scores
from tests.services.sync.support import (
    checkout,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
)


def _data(package: Path) -> tuple[dict[str, object], bytes]:
    with zipfile.ZipFile(package) as zf:
        return json.loads(zf.read("manifest.json")), zf.read("data.sqlite")


def test_return_export_is_byte_identical_to_the_typed_path(office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    laptop = checkout(world, "karimi")
    form = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=world.units[0].id)
    ev.save_scores(laptop.db, laptop.actor, form.form.id, lines=full_scores(form, ["8.5", "4", "15.25"]))
    ev.save_scores(laptop.db, laptop.actor, form.form.id, lines=full_scores(form, ["7", "3.50", "15"]))
    for i in range(4):
        ev.save_field_visit(laptop.db, laptop.actor, form.form.id, visited_on=f"1404/04/1{i}",
                            findings=f"تابلو \"اعلانات\" به‌روز است\\{i}\n\t\u200c", recommendations="" if i % 2 else "توصیه")
    other = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=world.units[1].id)
    ev.save_field_visit(laptop.db, laptop.actor, other.form.id, visited_on="1404/05/01", findings="x")
    path = sqlite_path(laptop.db.url)
    assert path is not None
    con = sqlite3.connect(path)  # a delete as well (the log's D entries carry the old row only)
    con.execute("DELETE FROM evaluation_field_visit WHERE form_id = ?", (other.form.id.hex,))
    con.commit()
    con.close()

    monkeypatch.setattr(capture, "_BATCH", 3)  # several batches of the streamed reader
    package = laptop.export(tmp_path)
    manifest, data = _data(package)

    with read(laptop.db) as session:  # the reference: read whole, through the typed values
        changes = capture.read_changes(session)
        prev = identity.get(session, identity.ACKED_CHAIN) or capture.GENESIS
        rows = []
        for ch in changes:
            canonical = ch.canonical()
            prev = capture.chain_step(prev, canonical)
            rows.append(dict(canonical, chain=prev))
    assert len(rows) >= 12 and {r["op"] for r in rows} == {"I", "U", "D"}
    assert manifest["counts"] == {"changes": len(rows)} and manifest["end_chain"] == prev
    assert manifest["seq_to"] == rows[-1]["seq"]
    reference = tmp_path / "reference.prsync"
    write_package(reference, {"app": "pr-desk-sync", "kind": "return"}, changes=rows, key=None)
    ref_manifest, ref_data = _data(reference)
    assert data == ref_data and manifest["data_sha256"] == ref_manifest["data_sha256"]
    stored = sqlite3.connect(":memory:")
    stored.deserialize(data)
    assert [tuple(r) for r in stored.execute("SELECT seq, tbl, pk, op, old, new, chain FROM change ORDER BY seq")] == [
        (r["seq"], r["tbl"], r["pk"], r["op"], None if r["old"] is None else codec.dumps(r["old"]),
         None if r["new"] is None else codec.dumps(r["new"]), r["chain"]) for r in rows]
    laptop.db.dispose()


_SOME = "3f2b8c1e-9d4a-4e6b-a7c5-0b1d2e3f4a5b"  # (fixed: xdist's workers must collect the same ids)


@pytest.mark.parametrize("text", [uuid.UUID(int=7).hex, _SOME.replace("-", ""), _SOME, _SOME.replace("-", "").upper(),
                                  _SOME.upper(), "{" + _SOME + "}", "urn:uuid:" + _SOME])
def test_uuid_text_is_the_uuid_modules_text(text: str) -> None:
    assert codec.uuid_text(text) == str(uuid.UUID(text))
    assert codec.canonical_from_db("uuid", text) == codec.to_canonical("uuid", codec.from_db("uuid", text))


def test_uuid_text_refuses_what_uuid_refuses() -> None:
    for bad in ("g" * 32, "0" * 31, "", "0" * 8 + "-" + "0" * 27):
        with pytest.raises(ValueError):
            uuid.UUID(bad)
        with pytest.raises(ValueError):
            codec.uuid_text(bad)
