"""A batch of acknowledgements of one directive (the slips that came back, or the demo's
history): all or none, each checked as a single acknowledgement is; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.services import directives as dv
from tests.services.evaluation.factories import districts, staff


def test_a_batch_is_recorded_whole_or_not_at_all(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    kind = dv.ensure_default_kinds(db, people.clerk)[0]
    d = dv.create_directive(db, people.clerk, kind_id=kind.id, title="پوشش خبری", body="متن")
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version, approved_on=dv.today() - dt.timedelta(days=12))
    d = dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version, issued_on=dv.today() - dt.timedelta(days=10))
    units = districts(db, admin, 4)
    dv.distribute(db, people.clerk, d.info.id, unit_ids=[u.id for u in units[:3]], communicated_on=dv.today() - dt.timedelta(days=9))
    day = dv.today() - dt.timedelta(days=5)
    good = [dv.AcknowledgementEntry(units[0].id, "زهرا کاظمی", "مدیر روابط عمومی", day),
            dv.AcknowledgementEntry(units[1].id, "علی محمدی", "", day)]
    for bad in ([dv.AcknowledgementEntry(units[3].id, "سارا نوری", "", day)],  # not sent to that unit
                [dv.AcknowledgementEntry(units[2].id, "سارا نوری", "", dv.today() + dt.timedelta(days=1))],  # in the future
                [dv.AcknowledgementEntry(units[2].id, "  ", "", day)],  # nobody named
                [dv.AcknowledgementEntry(units[2].id, "سارا نوری", "", dv.today() - dt.timedelta(days=30))],  # before it was sent
                [good[0]]):  # the same unit twice
        with pytest.raises(UserError):
            dv.acknowledge_many(db, people.clerk, d.info.id, good + bad)
        assert all(r.acknowledged_version is None for r in dv.list_recipients(db, people.clerk, d.info.id))
    with pytest.raises(UserError):
        dv.acknowledge_many(db, people.clerk, d.info.id, good, version=2)  # not the version in force
    with pytest.raises(PermissionDenied):
        dv.acknowledge_many(db, people.inspector, d.info.id, good)
    assert dv.acknowledge_many(db, people.clerk, d.info.id, good, version=1) == 2
    got = {r.unit_id: r for r in dv.list_recipients(db, people.clerk, d.info.id)}
    assert got[units[0].id].acknowledged_on == day and got[units[0].id].acknowledged_post == "مدیر روابط عمومی"
    assert got[units[2].id].acknowledged_version is None
    with pytest.raises(UserError):  # already acknowledged
        dv.acknowledge_many(db, people.clerk, d.info.id, good[:1])
