"""The directive register's demo data: three Jalali years of directives through the
services, with amendments, supersedes and repeals, late and missing acknowledgements and
evidence accepted or not; every report of the register prints from it."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from pr_desk.domain.jalali import JalaliDate
from pr_desk.services import directives as dv
from pr_desk.services import report_catalog
from pr_desk.services.directives.demo import build_demo
from pr_desk.services.directives.reports import KINDS


def test_three_years_of_directives_with_a_realistic_spread(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    summary = build_demo(db, admin, size="small", rng=random.Random(1405))
    assert summary.startswith("دستورالعمل‌ها:")
    every = dv.list_directives(db, admin, limit=1000)
    issued = [d for d in every if d.number]
    year = JalaliDate.today().year
    assert 90 <= len(issued) <= 130
    assert {d.issued_year for d in issued} >= {year - 2, year - 1, year}
    statuses = Counter(d.status for d in every)
    assert statuses[dv.DirectiveStatus.REPEALED] == 3 and statuses[dv.DirectiveStatus.SUPERSEDED] >= 2
    assert statuses[dv.DirectiveStatus.DRAFT] == 4
    assert sum(d.current_version > 1 for d in issued) >= 2  # amended
    assert len({d.number for d in issued}) == len(issued)
    states: Counter[dv.RecipientState] = Counter()
    for d in issued:
        if d.status is dv.DirectiveStatus.IN_FORCE:
            states.update(r.state for r in dv.list_recipients(db, admin, d.id))
    for state in (dv.RecipientState.ACK_OVERDUE, dv.RecipientState.ACKNOWLEDGED, dv.RecipientState.ACCEPTED,
                  dv.RecipientState.NOT_ACCEPTED, dv.RecipientState.IMPLEMENTED, dv.RecipientState.OLD_VERSION):
        assert states[state], state
    assert states[dv.RecipientState.ACK_OVERDUE] < sum(states.values()) / 3  # most units acknowledge
    for name, _title, _builder in KINDS:
        assert report_catalog.build_report(name, {"db": db, "actor": admin}, tmp_path / f"{name}.pdf").stat().st_size > 5000
