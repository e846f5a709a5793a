"""The directive register's flow through its services, on SQLite and PostgreSQL: a clerk
drafts, a supervisor approves and issues (the number), an amendment asks every unit to
acknowledge again, links both ways, distribution, acknowledgement bound to a version,
implementation and the verdict on its evidence; and every bad input refused with the
database unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain.errors import PermissionDenied, StaleRecord, UserError
from pr_desk.domain.jalali import JalaliDate
from pr_desk.services import directives as dv
from pr_desk.services import units
from tests.services.evaluation.factories import staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _issued(db, people, *, title="دستورالعمل پوشش خبری رویدادهای شهری", body="ماده ۱ - همه واحدها ..."):  # type: ignore[no-untyped-def]
    kinds = dv.ensure_default_kinds(db, people.clerk)
    d = dv.create_directive(db, people.clerk, kind_id=kinds[0].id, title=title, tags="خبر، رسانه", issuer="معاونت روابط عمومی", body=body)
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    return dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version)


def test_draft_review_approve_issue_gives_the_number(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    d = _issued(db, people)
    year = JalaliDate.today().year
    assert d.info.number == f"د/{year}/001"
    assert d.info.status is dv.DirectiveStatus.IN_FORCE and d.info.current_version == 1
    assert d.latest.status is dv.VersionStatus.ISSUED and d.latest.issued_on == dv.today()
    second = _issued(db, people, title="دستورالعمل دوم")
    assert second.info.number == f"د/{year}/002"
    assert dv.find_by_number(db, people.clerk, f"د/{JalaliDate.today().year}/۰۰۲".replace(str(year), "".join("۰۱۲۳۴۵۶۷۸۹"[int(c)] for c in str(year)))).id == second.info.id
    listed = dv.list_directives(db, people.clerk, search="پوشش خبری")
    assert [x.id for x in listed] == [d.info.id]


def test_roles_and_the_approval_steps(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    kinds = dv.ensure_default_kinds(db, people.clerk)
    d = dv.create_directive(db, people.clerk, kind_id=kinds[1].id, title="آئین‌نامه اجرایی", body="متن")
    with pytest.raises(PermissionDenied):
        dv.create_directive(db, people.inspector, kind_id=kinds[1].id, title="x", body="y")
    with pytest.raises(UserError):  # not yet in review
        dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    with pytest.raises(PermissionDenied):
        dv.approve(db, people.clerk, d.info.id, expected_version=d.latest.version)  # a clerk drafts; a supervisor approves
    with pytest.raises(UserError):
        dv.return_version(db, people.supervisor, d.info.id, reason="  ", expected_version=d.latest.version)
    d = dv.return_version(db, people.supervisor, d.info.id, reason="ماده ۲ روشن نیست", expected_version=d.latest.version)
    assert d.latest.status is dv.VersionStatus.RETURNED and d.latest.return_reason == "ماده ۲ روشن نیست"
    d = dv.update_draft(db, people.clerk, d.info.id, expected_version=d.latest.version, body="متن روشن‌تر")
    with pytest.raises(StaleRecord):  # a second clerk's older copy
        dv.update_draft(db, people.clerk, d.info.id, expected_version=d.latest.version - 1, body="قدیمی")
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    d = dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    assert d.info.number.startswith("آ/")
    with pytest.raises(UserError):  # an issued text is never edited in place
        dv.update_draft(db, people.clerk, d.info.id, expected_version=d.latest.version, body="تغییر")


def test_an_amendment_asks_every_unit_again_and_keeps_the_old_acknowledgement(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    d = _issued(db, people)
    added = dv.distribute(db, people.clerk, d.info.id, all_districts=True)
    assert added == 22
    unit = units.list_units(db, admin, search="منطقه ۷")[0]
    r = dv.acknowledge(db, people.clerk, d.info.id, unit.id, by_name="زهرا کاظمی", by_post="مدیر روابط عمومی")
    assert r.state is dv.RecipientState.ACKNOWLEDGED and r.acknowledged_version == 1
    with pytest.raises(UserError):
        dv.acknowledge(db, people.clerk, d.info.id, unit.id, by_name="زهرا کاظمی")  # already acknowledged
    d = dv.amend(db, people.clerk, d.info.id, change_note="ماده ۳ افزوده شد", body=d.latest.body + "\nماده ۳")
    assert d.latest.number == 2 and d.latest.status is dv.VersionStatus.DRAFT and d.info.current_version == 1
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    d = dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    assert d.info.current_version == 2 and d.info.number.endswith("/001")  # the number stays
    mine = next(x for x in dv.list_recipients(db, people.clerk, d.info.id) if x.unit_id == unit.id)
    assert mine.state is dv.RecipientState.OLD_VERSION
    with pytest.raises(UserError):  # an acknowledgement of a version that is not the current one
        dv.acknowledge(db, people.clerk, d.info.id, unit.id, by_name="زهرا کاظمی", version=1)
    dv.acknowledge(db, people.clerk, d.info.id, unit.id, by_name="زهرا کاظمی", version=2)
    history = dv.acknowledgements(db, people.clerk, mine.id)
    assert [(a.version, a.current) for a in history] == [(1, False), (2, True)]
    in_force, detail = dv.text_in_force(db, people.clerk, d.info.id)
    assert in_force is not None and in_force.number == 2 and "ماده ۳" in in_force.body and len(detail.versions) == 2


def test_implementation_evidence_and_verdict(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    d = _issued(db, people)
    unit = units.list_units(db, admin, search="منطقه ۳")[0]
    dv.distribute(db, people.clerk, d.info.id, unit_ids=[unit.id], impl_due=dv.today() + dt.timedelta(days=30))
    r = dv.list_recipients(db, people.clerk, d.info.id)[0]
    with pytest.raises(UserError):  # before the issue date
        dv.record_implementation(db, people.clerk, r.id, expected_version=r.version, on=dv.today() - dt.timedelta(days=400), note="انجام شد")
    with pytest.raises(UserError):  # a file that is not what its name says
        dv.record_implementation(db, people.clerk, r.id, expected_version=r.version, on=dv.today(), note="انجام شد",
                                 evidence_name="report.pdf", evidence=b"MZ\x90\x00 not a pdf")
    r = dv.record_implementation(db, people.clerk, r.id, expected_version=r.version, on=dv.today(), note="برگزاری کارگاه",
                                 evidence_name="گزارش.pdf", evidence=PDF)
    assert r.state is dv.RecipientState.IMPLEMENTED and r.has_evidence and r.evidence_name == "گزارش.pdf"
    with pytest.raises(UserError):
        dv.check_evidence(db, people.supervisor, r.id, expected_version=r.version, verdict="not_accepted")  # reason needed
    with pytest.raises(PermissionDenied):
        dv.check_evidence(db, people.clerk, r.id, expected_version=r.version, verdict="accepted")
    r = dv.check_evidence(db, people.supervisor, r.id, expected_version=r.version, verdict="accepted")
    assert r.state is dv.RecipientState.ACCEPTED
    assert dv.pending_for_unit(db, people.clerk, unit.id) == []
    assert dv.evidence_content(db, people.clerk, r.id) == ("گزارش.pdf", PDF)


def test_links_both_ways_and_repeal(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    old = _issued(db, people, title="بخشنامه قدیمی")
    new = _issued(db, people, title="بخشنامه جدید")
    dv.link_directives(db, people.supervisor, new.info.id, old.info.id, "repeals", note="با ابلاغ بخشنامه جدید")
    old_now = dv.get_directive(db, people.clerk, old.info.id)
    assert old_now.info.status is dv.DirectiveStatus.REPEALED and old_now.info.ended_on == dv.today()
    assert [(link.relation, link.outgoing, link.other_id) for link in old_now.links] == [(dv.Relation.REPEALS, False, new.info.id)]
    assert dv.get_directive(db, people.clerk, new.info.id).links[0].outgoing
    with pytest.raises(UserError):
        dv.link_directives(db, people.supervisor, new.info.id, old.info.id, "repeals")  # twice
    with pytest.raises(UserError):
        dv.link_directives(db, people.supervisor, new.info.id, new.info.id, "amends")
    assert dv.text_in_force(db, people.clerk, old.info.id)[0] is None


def test_attachments_are_sniffed_capped_and_stored_once(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    kinds = dv.ensure_default_kinds(db, people.clerk)
    d = dv.create_directive(db, people.clerk, kind_id=kinds[2].id, title="شیوه‌نامه", body="")
    a = dv.add_attachment(db, people.clerk, d.info.id, file_name="متن.pdf", content=PDF)
    b = dv.add_attachment(db, people.clerk, d.info.id, file_name="copy.pdf", content=PDF)
    assert a.sha256 == b.sha256 and a.mime == "application/pdf"
    for name, content in (("x.pdf", b""), ("virus.pdf", b"MZ\x90"), ("big.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024))):
        with pytest.raises(UserError):
            dv.add_attachment(db, people.clerk, d.info.id, file_name=name, content=content)
    assert dv.attachment_content(db, people.clerk, a.id)[2] == PDF
    d = dv.submit(db, people.clerk, d.info.id, expected_version=dv.get_directive(db, people.clerk, d.info.id).latest.version)
    assert len(d.latest.attachments) == 2


def test_bad_input_leaves_nothing(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    kinds = dv.ensure_default_kinds(db, people.clerk)
    for title in ("", "  ", "ع" * 301):
        with pytest.raises(UserError):
            dv.create_directive(db, people.clerk, kind_id=kinds[0].id, title=title, body="x")
    with pytest.raises(UserError):
        dv.create_directive(db, people.clerk, kind_id=kinds[0].id, title="x", body="y",
                            effective_on=dt.date(2026, 1, 10), expires_on=dt.date(2026, 1, 1))
    assert dv.count_directives(db, people.clerk) == 0
    with pytest.raises(UserError):
        dv.save_kind(db, people.supervisor, name="دستور", prefix="د")  # prefix taken
    with pytest.raises(UserError):
        dv.list_directives(db, people.clerk, sort_key="drop table")


def test_inspectors_see_only_their_units(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    d = _issued(db, people)
    dv.distribute(db, people.clerk, d.info.id, all_districts=True)
    assert dv.list_directives(db, people.inspector) == []  # no unit assigned to this inspector
    with pytest.raises(UserError):
        dv.get_directive(db, people.inspector, d.info.id)
    page = dv.matrix(db, people.clerk)
    assert page.total == 1 and len(page.units) == 22
    assert all(state is dv.RecipientState.TO_ACKNOWLEDGE for state in page.cells.values())


def test_sorted_by_number_or_year_the_drafts_come_after_the_numbered(office) -> None:  # type: ignore[no-untyped-def]
    """A draft has no number (its search shadow is '') nor year (NULL): sorted by number it
    came first ascending, and by year first on SQLite but last on PostgreSQL. The numbered
    directives in order, the drafts after them; reversed, the drafts first."""
    db, admin = office
    people = staff(db, admin)
    kind = dv.ensure_default_kinds(db, people.clerk)[0]
    dv.create_directive(db, people.clerk, kind_id=kind.id, title="پیش‌نویس اول", body="متن")
    numbered = [_issued(db, people, title=f"دستور {n}").info.number for n in range(3)]
    dv.create_directive(db, people.clerk, kind_id=kind.id, title="پیش‌نویس دوم", body="متن")
    for key in ("number", "year"):
        rows = dv.list_directives(db, people.clerk, sort_key=key)
        if key == "number":
            assert [r.number for r in rows][:3] == numbered
        assert [r.number is None for r in rows] == [False, False, False, True, True], key
        backwards = dv.list_directives(db, people.clerk, sort_key=key, descending=True)
        assert [r.id for r in backwards] == [r.id for r in rows][::-1], key  # the same order, reversed
        # a page at a time as the register reads it: the same rows, each once
        paged = [r.id for offset in range(0, 5, 2) for r in dv.list_directives(db, people.clerk, sort_key=key, offset=offset, limit=2)]
        assert paged == [r.id for r in rows], key
