"""The directive register in the field (issue 13, item 6), on SQLite and PostgreSQL: a field
copy carries the directives sent to the inspector's assigned units (text, kinds, files up
to the office's cap, the recipients and acknowledgements of those units only); evidence
and a verdict recorded on the copy come back and land; a verdict given on both sides is a
conflict of the verdict group; a return file of a copy from before the directive sync
step is refused with a sentence that says to update the laptop."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pr_desk.data.directives.sync import VERDICT
from pr_desk.data.engine import Database
from pr_desk.data.sync import identity, registry
from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.i18n import set_language
from pr_desk.services import directives as dv
from pr_desk.services import office_settings, sync
from tests.services.sync.support import (
    FieldCopy,
    World,
    checkout,
    digest,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
    refresh,
)

MB = 1024 * 1024


def pdf(size: int, fill: bytes = b"0") -> bytes:
    head = b"%PDF-1.4\n"
    return head + fill * (size - len(head))


def rows(db: Database, tbl: str, **where: Any) -> list[dict[str, Any]]:
    t = registry.table(tbl)
    q = select(t)
    for col, val in where.items():
        q = q.where(t.c[col] == val)
    with db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def count(db: Database, tbl: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(registry.table(tbl))).scalar_one())


@dataclass
class Scene:
    world: World
    carried: uuid.UUID  # sent to the inspector's unit 0 and to unit 2 (not theirs)
    other: uuid.UUID  # sent to unit 2 only
    small: uuid.UUID  # attachment within the cap
    large: uuid.UUID  # attachment over the cap (lowered after it was attached)
    repealer: uuid.UUID  # sent to unit 2 only, repealed `ended`
    ended: uuid.UUID  # sent to unit 0, repealed by `repealer`


def _issued(world: World, title: str, body: str, files: tuple[tuple[str, bytes], ...] = ()) -> uuid.UUID:
    sup = world.supervisor
    kinds = dv.ensure_default_kinds(world.office, sup)
    d = dv.create_directive(world.office, sup, kind_id=kinds[0].id, title=title, body=body)
    for name, content in files:
        dv.add_attachment(world.office, sup, d.info.id, file_name=name, content=content)
    d = dv.get_directive(world.office, sup, d.info.id)
    d = dv.submit(world.office, sup, d.info.id, expected_version=d.latest.version)
    d = dv.approve(world.office, sup, d.info.id, expected_version=d.latest.version)
    d = dv.issue(world.office, sup, d.info.id, expected_version=d.latest.version)
    return d.info.id


@pytest.fixture
def scene(office, tmp_path: Path) -> Scene:  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    sup, u = world.supervisor, world.units
    carried = _issued(world, "شیوه‌نامه پوشش خبری", "ماده ۱: خبر هر رویداد تا دو ساعت منتشر شود.",
                      (("کوچک.pdf", pdf(20_000)), ("بزرگ.pdf", pdf(MB + 1000, b"1"))))
    other = _issued(world, "بخشنامه تبلیغات محیطی", "متن دیگر")
    ended = _issued(world, "دستورالعمل قدیمی", "متن قدیمی")
    repealer = _issued(world, "دستورالعمل جدید", "متن جدید")
    dv.distribute(world.office, sup, carried, unit_ids=[u[0].id, u[2].id])
    dv.distribute(world.office, sup, other, unit_ids=[u[2].id])
    dv.distribute(world.office, sup, ended, unit_ids=[u[0].id])
    dv.distribute(world.office, sup, repealer, unit_ids=[u[2].id])
    dv.link_directives(world.office, sup, repealer, ended, "repeals")
    for unit in (u[0], u[2]):
        dv.acknowledge(world.office, sup, carried, unit.id, by_name="رضا محمدی", by_post="مسئول روابط عمومی")
    settings = office_settings.get_office_settings(world.office, world.admin)
    office_settings.update_office_settings(world.office, world.admin, attachment_cap_mb=1, expected_stamp=settings.stamp)
    atts = {a.file_name: a.id for a in dv.get_directive(world.office, sup, carried).latest.attachments}
    return Scene(world, carried, other, atts["کوچک.pdf"], atts["بزرگ.pdf"], repealer, ended)


def _recipient(db: Database, actor: Any, directive_id: uuid.UUID, unit_id: uuid.UUID) -> dv.RecipientInfo:
    return next(r for r in dv.list_recipients(db, actor, directive_id) if r.unit_id == unit_id)


def test_a_field_copy_carries_only_the_directives_and_recipients_of_the_inspectors_units(scene: Scene) -> None:
    world, u = scene.world, scene.world.units
    laptop = checkout(world, "k")
    db = laptop.db
    ids = {r["id"] for r in rows(db, "directive")}
    assert scene.carried in ids and scene.ended in ids and scene.other not in ids
    assert scene.repealer in ids  # it ended a carried one: the copy says who repealed it
    assert {r["unit_id"] for r in rows(db, "directive_recipient")} == {u[0].id}
    assert count(db, "directive_recipient") == 2  # `carried` and `ended` at unit 0
    [ack] = rows(db, "directive_acknowledgement")
    assert ack["by_name"] == "رضا محمدی"
    assert len(rows(db, "directive_version", directive_id=scene.carried)) == 1
    assert len(rows(db, "directive_link")) == 1
    # what the inspector sees there
    listed = {d.id for d in dv.list_directives(db, laptop.actor)}
    assert scene.carried in listed and scene.other not in listed
    detail = dv.get_directive(db, laptop.actor, scene.carried)
    assert "ماده ۱" in detail.latest.body
    [mine] = dv.list_recipients(db, laptop.actor, scene.carried)
    assert mine.unit_id == u[0].id and mine.acknowledged_by == "رضا محمدی"
    # files: the one within the cap with its content, the larger one as metadata only
    name, _mime, content = dv.attachment_content(db, laptop.actor, scene.small)
    assert name == "کوچک.pdf" and content == pdf(20_000)
    files = {r["sha256"]: r for r in rows(db, "directive_file")}
    assert sorted(len(r["content"]) for r in files.values()) == [0, 20_000]
    assert sorted(r["size"] for r in files.values()) == [20_000, MB + 1000]
    set_language("en")
    try:
        with pytest.raises(UserError) as kept:
            dv.attachment_content(db, laptop.actor, scene.large)
        assert "stays at the office" in str(kept.value)
    finally:
        set_language("fa")
    assert dv.attachment_content(world.office, world.supervisor, scene.large)[2] == pdf(MB + 1000, b"1")
    # the office's own numbers are never issued on a field copy
    with pytest.raises(PermissionDenied):
        dv.issue(db, laptop.actor, scene.carried, expected_version=detail.latest.version)
    laptop.db.dispose()


def test_a_field_copy_issues_no_number(scene: Scene) -> None:
    world = scene.world
    d = dv.amend(world.office, world.supervisor, scene.carried, change_note="بند ۲ افزوده شد", body="ماده ۱ و ۲")
    d = dv.submit(world.office, world.supervisor, scene.carried, expected_version=d.latest.version)
    d = dv.approve(world.office, world.supervisor, scene.carried, expected_version=d.latest.version)
    laptop = checkout(world, "k")
    with laptop.db.session() as session:
        assert identity.is_field_copy(session)
    set_language("en")
    try:  # even someone allowed to issue (a supervisor's actor) is refused there
        with pytest.raises(UserError) as refused:
            dv.issue(laptop.db, world.supervisor, scene.carried, expected_version=d.latest.version)
        assert "at the office" in str(refused.value)
    finally:
        set_language("fa")
    laptop.db.dispose()


def _field_work(laptop: FieldCopy, scene: Scene) -> tuple[dv.RecipientInfo, bytes]:
    unit = scene.world.units[0]
    r = _recipient(laptop.db, laptop.actor, scene.carried, unit.id)
    evidence = pdf(30_000, b"7")
    r = dv.record_implementation(laptop.db, laptop.actor, r.id, expected_version=r.version, on=dv.today(),
                                 note="کارگاه آموزشی برگزار شد", evidence_name="گزارش.pdf", evidence=evidence)
    r = dv.check_evidence(laptop.db, laptop.actor, r.id, expected_version=r.version, verdict="accepted")
    return r, evidence


def test_evidence_and_a_verdict_recorded_in_the_field_land_at_the_office(scene: Scene) -> None:
    world = scene.world
    laptop = checkout(world, "k")
    mine, evidence = _field_work(laptop, scene)
    package = laptop.export(world.tmp)
    preview = sync.preview_import(world.office, world.supervisor, path=package)
    assert preview.status == "apply" and not preview.conflicts
    receipt = sync.apply_import(world.office, world.supervisor, path=package)
    assert receipt.status == "applied"
    at_office = _recipient(world.office, world.supervisor, scene.carried, world.units[0].id)
    assert at_office.implemented_on == dv.today() and at_office.implementation_note == "کارگاه آموزشی برگزار شد"
    assert at_office.verdict == "accepted" and at_office.has_evidence
    assert dv.evidence_content(world.office, world.supervisor, at_office.id) == ("گزارش.pdf", evidence)
    assert not sync.list_conflicts(world.office, world.supervisor)
    # the unit that is not the inspector's is untouched; the next field package changes nothing there
    assert _recipient(world.office, world.supervisor, scene.carried, world.units[2].id).implemented_on is None
    assert refresh(world, laptop).status == "applied"
    again = _recipient(laptop.db, laptop.actor, scene.carried, world.units[0].id)
    assert (again.verdict, again.implementation_note) == ("accepted", mine.implementation_note)
    laptop.db.dispose()


def test_a_verdict_given_at_the_office_and_in_the_field_is_a_conflict(scene: Scene) -> None:
    world, sup = scene.world, scene.world.supervisor
    unit = world.units[0]
    r = _recipient(world.office, sup, scene.carried, unit.id)
    dv.record_implementation(world.office, sup, r.id, expected_version=r.version, on=dv.today(), note="گزارش واحد")
    laptop = checkout(world, "k")
    r_field = _recipient(laptop.db, laptop.actor, scene.carried, unit.id)
    dv.check_evidence(laptop.db, laptop.actor, r_field.id, expected_version=r_field.version, verdict="not_accepted",
                      reason="عکس جلسه پیوست نیست")
    r = _recipient(world.office, sup, scene.carried, unit.id)
    dv.check_evidence(world.office, sup, r.id, expected_version=r.version, verdict="accepted")
    package = laptop.export(world.tmp)
    receipt = sync.apply_import(world.office, sup, path=package)
    assert receipt.status == "applied"
    [conflict] = sync.list_conflicts(world.office, sup)
    assert conflict.table == "directive_recipient" and conflict.fields == VERDICT
    assert conflict.kind == "update_update"
    assert (conflict.office or {})["verdict"] == "accepted" and (conflict.field or {})["verdict"] == "not_accepted"
    assert _recipient(world.office, sup, scene.carried, unit.id).verdict == "accepted"  # the office value stands
    names = sync.conflict_names(world.office, sup, [conflict])
    assert "شیوه‌نامه پوشش خبری" in names[conflict.key] and world.units[0].name in names[conflict.key]
    from pr_desk.services.sync.labels import field_label, table_label, value_text

    assert table_label("directive_recipient") != "directive_recipient" and field_label("verdict") != "verdict"
    assert value_text("directive_recipient", "verdict", "not_accepted") not in ("not_accepted", "—")
    assert conflict.conflict_id is not None
    sync.decide_conflict(world.office, sup, conflict.conflict_id, choice="field")
    decided = _recipient(world.office, sup, scene.carried, unit.id)
    assert (decided.verdict, decided.verdict_reason) == ("not_accepted", "عکس جلسه پیوست نیست")
    laptop.db.dispose()


def test_a_return_file_from_before_the_directive_step_is_refused_with_a_clear_sentence(scene: Scene) -> None:
    from tests.services.sync.test_packages import _resign

    world = scene.world
    laptop = checkout(world, "k")
    _field_work(laptop, scene)
    good = laptop.export(world.tmp)
    with laptop.db.session() as session:
        key = identity.office_key(session)
    assert registry.SYNC_COMPATIBLE_FROM == "0010"  # (0010: the evaluation calibration columns)
    before = digest(world.office)
    for old in ("0009", "0008", "0007", "0006", "0004"):
        behind = world.tmp / f"behind-{old}.prsync"
        behind.write_bytes(_resign(good, key, manifest=lambda m, old=old: m.update(schema_revision=old)))
        set_language("en")
        try:
            with pytest.raises(UserError) as refused:
                sync.apply_import(world.office, world.supervisor, path=behind)
            message = str(refused.value)
        finally:
            set_language("fa")
        assert "older version" in message and "Update PR Desk on the laptop" in message, message
        assert "kept safe" in message and "Nothing was changed" in message, message
        with pytest.raises(UserError) as in_persian:
            sync.preview_import(world.office, world.supervisor, path=behind)
        assert "لپ‌تاپ" in str(in_persian.value), str(in_persian.value)
        assert digest(world.office) == before
    laptop.db.dispose()


def test_the_same_evidence_file_stored_at_both_ends_is_one_record(scene: Scene) -> None:
    """A file is stored once by its hash, with an id that follows from it: the inspector's
    evidence that the office also stored meanwhile merges without a conflict, and the next
    field package goes through (a clash by hash would hold it up)."""
    world, sup = scene.world, scene.world.supervisor
    laptop = checkout(world, "k")
    mine, evidence = _field_work(laptop, scene)
    r = _recipient(world.office, sup, scene.ended, world.units[0].id)
    dv.record_implementation(world.office, sup, r.id, expected_version=r.version, on=dv.today(), note="همان گزارش",
                             evidence_name="گزارش واحد.pdf", evidence=evidence)
    receipt = sync.apply_import(world.office, sup, path=laptop.export(world.tmp))
    assert receipt.status == "applied" and not sync.list_conflicts(world.office, sup)
    assert count(world.office, "directive_file") == 3
    assert refresh(world, laptop).status == "applied"
    assert {r["id"] for r in rows(laptop.db, "directive_file")} <= {r["id"] for r in rows(world.office, "directive_file")}
    assert dv.evidence_content(world.office, sup, mine.id) == ("گزارش.pdf", evidence)
    laptop.db.dispose()
