"""Broken merge rules, one at a time, for the mutation check (test_sync_mutations.py): a
pytest plugin that, when PR_DESK_SYNC_MUTANT names one of MUTANTS, swaps that rule for a
wrong one before the sync tests run. Each must make a sync test fail (SYNC.md §7.3)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from pr_desk.data.sync import field as field_side
from pr_desk.data.sync import office as office_side


def _incoming_always_wins() -> None:
    # both sides changed a field differently: take the field copy's value, no conflict
    office_side.merge_unit = lambda base, office, incoming: office_side.TAKE  # type: ignore[assignment]


def _delete_always_wins() -> None:
    # the field copy deleted a row the office edited meanwhile: delete it anyway
    office_side.office_edited = lambda tbl, office_row, base_row: False  # type: ignore[assignment]


def _no_echo() -> None:
    # rows the last upload touched count as the copy's pending edits, so the office's
    # outcome for them (a kept office value, a decided conflict) never reaches the copy
    real = field_side._pending

    def pending(session: Any, after: int) -> Any:
        return real(session, 0)

    field_side._pending = pending  # type: ignore[assignment]


def _pending_edits_overwritten() -> None:
    # edits the copy made after its upload are overwritten by the office's values
    field_side._pending = lambda session, after: ({}, set())  # type: ignore[assignment]


def _approved_forms_unlocked() -> None:
    # a change from the field to an approved form is merged like any other
    office_side.OfficeView.locked = lambda self, tbl, office_row, incoming: False  # type: ignore[method-assign]


PROPERTY = "test_random_concurrent_edits_converge_without_silent_loss"
# each mutant, and the test that must catch it (the random-sequence property where it
# can: it does not approve forms, so the approval lock has a case of its own)
MUTANTS: dict[str, tuple[Callable[[], None], str]] = {
    "incoming_always_wins": (_incoming_always_wins, PROPERTY),
    "delete_always_wins": (_delete_always_wins, PROPERTY),
    "no_echo": (_no_echo, PROPERTY),
    "pending_edits_overwritten": (_pending_edits_overwritten, PROPERTY),
    "approved_forms_unlocked": (_approved_forms_unlocked, "test_approved_forms_cannot_be_changed_from_the_field"),
}


def pytest_configure(config: Any) -> None:
    name = os.environ.get("PR_DESK_SYNC_MUTANT")
    if name:
        from hypothesis import Phase, settings

        # a failing example is enough: no shrinking (it would take minutes per mutant)
        settings.register_profile("sync-mutants", phases=[Phase.explicit, Phase.reuse, Phase.generate])
        settings.load_profile("sync-mutants")
        MUTANTS[name][0]()
        print(f"sync mutant applied: {name}")
