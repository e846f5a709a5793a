"""The size cap of a directive's files is an office setting (1 to 100 MB, 10 MB unless
set), on SQLite and PostgreSQL: a file over a lowered cap is refused with the MB figure in
the sentence and nothing written, one under it is attached; evidence follows the same cap;
a cap out of range is refused beside its field."""

from __future__ import annotations

import pytest

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.text import to_latin_digits
from pr_desk.services import directives as dv
from pr_desk.services import office_settings, units
from tests.services.evaluation.factories import staff

MB = 1024 * 1024


def pdf(size: int) -> bytes:
    head = b"%PDF-1.4\n"
    return head + b"0" * (size - len(head))


def test_a_lowered_cap_refuses_a_larger_file_and_accepts_a_smaller_one(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    settings = office_settings.get_office_settings(db, admin)
    assert settings.attachment_cap_mb == 10 and settings.attachment_cap == 10 * MB
    kinds = dv.ensure_default_kinds(db, people.clerk)
    d = dv.create_directive(db, people.clerk, kind_id=kinds[0].id, title="شیوه‌نامه", body="")
    dv.add_attachment(db, people.clerk, d.info.id, file_name="سه.pdf", content=pdf(3 * MB))  # under the default

    with pytest.raises(PermissionDenied):
        office_settings.update_office_settings(db, people.supervisor, attachment_cap_mb=2)
    saved = office_settings.update_office_settings(db, admin, attachment_cap_mb=2, expected_stamp=settings.stamp)
    assert saved.attachment_cap_mb == 2
    with pytest.raises(UserError) as refused:
        dv.add_attachment(db, people.clerk, d.info.id, file_name="بزرگ.pdf", content=pdf(2 * MB + 1))
    assert refused.value.field == "attachment"
    assert refused.value.params["mb"] == 2
    sentence = to_latin_digits(str(refused.value))
    assert "2" in sentence and "10" not in sentence, sentence
    small = dv.add_attachment(db, people.clerk, d.info.id, file_name="کوچک.pdf", content=pdf(2 * MB - 10))
    assert small.mime == "application/pdf"
    names = [a.file_name for a in dv.get_directive(db, people.clerk, d.info.id).latest.attachments]
    assert len(names) == 2  # the refused one left nothing behind


def test_evidence_follows_the_office_cap(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    office_settings.update_office_settings(db, admin, attachment_cap_mb=1)
    kinds = dv.ensure_default_kinds(db, people.clerk)
    d = dv.create_directive(db, people.clerk, kind_id=kinds[0].id, title="دستورالعمل", body="متن")
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    d = dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    unit = units.list_units(db, admin)[0]
    dv.distribute(db, people.clerk, d.info.id, unit_ids=[unit.id])
    r = dv.list_recipients(db, people.clerk, d.info.id)[0]
    with pytest.raises(UserError) as refused:
        dv.record_implementation(db, people.clerk, r.id, expected_version=r.version, on=dv.today(), note="کارگاه",
                                 evidence_name="e.pdf", evidence=pdf(MB + 1))
    assert refused.value.params["mb"] == 1
    assert dv.list_recipients(db, people.clerk, d.info.id)[0].implemented_on is None
    r = dv.record_implementation(db, people.clerk, r.id, expected_version=r.version, on=dv.today(), note="کارگاه",
                                 evidence_name="e.pdf", evidence=pdf(MB - 100))
    assert r.has_evidence


@pytest.mark.parametrize("value", [0, 101, -5, True])
def test_a_cap_out_of_range_is_refused_beside_its_field(office, value) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    with pytest.raises(UserError) as refused:
        office_settings.update_office_settings(db, admin, attachment_cap_mb=value)
    assert refused.value.field == "attachment_cap_mb"
    assert office_settings.get_office_settings(db, admin).attachment_cap_mb == 10
