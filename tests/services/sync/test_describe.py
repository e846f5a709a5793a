"""Naming synced records for a person (sync.describe_records, sync.conflict_names): a form
by its number and unit, a score by its indicator and form number, a field visit by its
date and form number, a unit by its name; a record gone from the office named from the
values its conflict carries; read-only, and only for those who manage sync."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from pr_desk.domain.errors import PermissionDenied
from pr_desk.services import evaluation as ev
from pr_desk.services import sync
from tests.services.evaluation.factories import full_scores
from tests.services.sync.support import (
    checkout,
    digest,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
)
from tests.services.sync.test_conflicts import scores, sql_delete, sql_update, value

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LRI, PDI = "\u2066", "\u2069"


@pytest.fixture
def scene(office, tmp_path: Path):  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    detail = ev.open_form(world.office, world.inspector, period_id=world.period.id, unit_id=world.units[0].id)
    detail = ev.save_scores(world.office, world.inspector, detail.form.id, lines=full_scores(detail, ["5", "2", "10"]))
    ev.save_field_visit(world.office, world.inspector, detail.form.id, visited_on="1404/04/01", findings="اول")
    photo = ev.add_attachment(world.office, world.inspector, detail.form.id, file_name="عکس.png", content=PNG)
    return world, ev.get_form(world.office, world.supervisor, detail.form.id), photo.id


def test_each_record_is_named_by_what_a_person_knows(scene) -> None:  # type: ignore[no-untyped-def]
    world, form, attachment = scene
    number, unit = form.form.number, form.form.unit_name
    line = scores(world.office, form.form.id)[0]
    indicator = value(world.office, "evaluation_score", line, "indicator_id")
    indicator_name = next(x.name for x in form.lines if x.indicator_id == indicator)
    keys = [("evaluation_form", str(form.form.id)), ("evaluation_score", str(line)),
            ("evaluation_field_visit", str(form.visits[0].id)), ("evaluation_attachment", str(attachment)),
            ("unit", str(world.units[0].id)), ("app_user", str(world.supervisor.user_id)),
            ("evaluation_period", str(world.period.id)), ("evaluation_template", str(form.template_id)),
            ("evaluation_indicator", str(indicator))]
    before = digest(world.office)
    names = sync.describe_records(world.office, world.supervisor, keys)
    assert digest(world.office) == before  # read-only
    by = dict(zip([k[0] for k in keys], [names[k] for k in keys], strict=False))
    assert by["evaluation_form"] == f"فرم ارزیابی {LRI}{number}{PDI}، {unit}"
    assert by["evaluation_score"] == f"امتیاز شاخص «{indicator_name}» در فرم {LRI}{number}{PDI}"
    assert by["evaluation_field_visit"] == f"بازدید میدانی ۱۴۰۴/۰۴/۰۱، فرم {LRI}{number}{PDI}"
    assert by["evaluation_attachment"] == f"پیوست «عکس.png» در فرم {LRI}{number}{PDI}"
    assert by["unit"] == f"واحد «{unit}»"
    assert by["app_user"] == f"کاربر مریم احمدی ({LRI}sup{PDI})"
    assert by["evaluation_period"] == "دورهٔ ارزیابی سه‌ماهه دوم ۱۴۰۴"
    assert by["evaluation_template"].startswith("الگوی ارزیابی «الگوی آزمایشی»، نسخهٔ ")
    assert by["evaluation_indicator"] == f"شاخص «{indicator_name}»"


def test_a_record_gone_from_the_office_is_named_from_the_values_it_carried(scene) -> None:  # type: ignore[no-untyped-def]
    world, form, _photo = scene
    line = scores(world.office, form.form.id)[1]
    indicator = value(world.office, "evaluation_score", line, "indicator_id")
    indicator_name = next(x.name for x in form.lines if x.indicator_id == indicator)
    sql_delete(world.office, "evaluation_score", line)
    key = ("evaluation_score", str(line))
    assert sync.describe_records(world.office, world.supervisor, [key]) == {}  # nothing to go by
    known = {key: {"form_id": str(form.form.id), "indicator_id": str(indicator), "evidence_note": ""}}
    names = sync.describe_records(world.office, world.supervisor, [key], known=known)
    assert names[key] == f"امتیاز شاخص «{indicator_name}» در فرم {LRI}{form.form.number}{PDI}"
    # keys that cannot be named are left out, not guessed
    odd = [("citizen", str(uuid.uuid4())), ("evaluation_form", "not-an-id"), ("unit", str(uuid.uuid4()))]
    assert sync.describe_records(world.office, world.supervisor, odd) == {}


def test_conflicts_are_named_even_when_the_office_deleted_the_record(scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, form, _photo = scene
    laptop = checkout(world, "d")
    try:
        edited, deleted = scores(world.office, form.form.id)[0], scores(world.office, form.form.id)[2]
        sql_update(laptop.db, "evaluation_score", edited, inspector_score=Decimal("9"))
        sql_update(world.office, "evaluation_score", edited, inspector_score=Decimal("2"))
        sql_update(laptop.db, "evaluation_score", deleted, evidence_note="میدان")
        sql_delete(world.office, "evaluation_score", deleted)
        preview = sync.preview_import(world.office, world.supervisor, path=laptop.export(tmp_path))
    finally:
        laptop.db.dispose()
    by_kind = {c.kind: c for c in preview.conflicts}
    assert set(by_kind) == {"update_update", "update_vs_delete"}
    names = sync.conflict_names(world.office, world.supervisor, preview.conflicts)
    number = f"{LRI}{form.form.number}{PDI}"
    for kind, line in (("update_update", edited), ("update_vs_delete", deleted)):
        indicator = (by_kind[kind].field or {}).get("indicator_id") or value(world.office, "evaluation_score", line, "indicator_id")
        indicator_name = next(x.name for x in form.lines if str(x.indicator_id) == str(indicator))
        assert names[by_kind[kind].key] == f"امتیاز شاخص «{indicator_name}» در فرم {number}"


def test_only_those_who_manage_sync_may_ask(scene) -> None:  # type: ignore[no-untyped-def]
    world, form, _photo = scene
    with pytest.raises(PermissionDenied):
        sync.describe_records(world.office, world.inspector, [("evaluation_form", str(form.form.id))])
