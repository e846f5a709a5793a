"""The one search box on a field copy (issue 15), on SQLite and PostgreSQL offices: the copy
builds its own index from what it was given (the inspector finds the directives of their
units, never another's or a citizen), and a sync import (raw SQL writes) keeps it in step:
a directive the office sends later and a changed title are found, the old title no more."""

from __future__ import annotations

from pr_desk.data import search as index
from pr_desk.services import directives as dv
from pr_desk.services import search
from tests.services.sync.support import checkout, refresh
from tests.services.sync.support import fast_passwords as fast_passwords
from tests.services.sync.test_directives import Scene, _issued
from tests.services.sync.test_directives import scene as scene


def _labels(db, actor, text: str, kind: str = "directive") -> list[str]:  # type: ignore[no-untyped-def]
    return [h.label for g in search.search(db, actor, text, kind=kind) for h in g.hits]


def test_a_field_copy_finds_its_own_and_a_sync_import_keeps_the_index_in_step(scene: Scene) -> None:
    world, u = scene.world, scene.world.units
    laptop = checkout(world, "s")
    try:
        assert any("شیوه‌نامه پوشش خبری" in label for label in _labels(laptop.db, laptop.actor, "پوشش خبری"))
        assert _labels(laptop.db, laptop.actor, "تبلیغات محیطی") == []  # sent to unit 2 only: not carried
        # at the office the same inspector finds only their units' directives too
        assert _labels(world.office, world.inspector, "تبلیغات محیطی") == []
        assert _labels(world.office, world.supervisor, "تبلیغات محیطی")
        # the office sends another directive to the inspector's unit; the next package brings it
        later = _issued(world, "دستورالعمل برگزاری نشست خبری", "متن")
        dv.distribute(world.office, world.supervisor, later, unit_ids=[u[0].id])
        refresh(world, laptop)
        assert any("نشست خبری" in label for label in _labels(laptop.db, laptop.actor, "نشست"))
        with laptop.db.engine.connect() as conn:
            assert not index.pending(conn)  # the search indexed what the import wrote
    finally:
        laptop.db.dispose()
