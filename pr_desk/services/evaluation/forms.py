"""Evaluation forms: per unit and period, the unit's self-assessment and the inspector's
scores with evidence, attached photos or documents, field visits; draft → submitted →
approved (locked) or returned with comments; corrections as new revisions.

An inspector sees and edits only the units assigned to them; a supervisor approves or
returns; clerks read. Totals are always the domain's one scoring function."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pr_desk.data import audit
from pr_desk.data.engine import Database
from pr_desk.data.evaluation import queries as q
from pr_desk.data.evaluation.models import (
    EvaluationAttachment,
    EvaluationForm,
    EvaluationPeriod,
    EvaluationScore,
    FieldVisit,
)
from pr_desk.data.models import Unit
from pr_desk.data.numbering import next_number, replica_prefix
from pr_desk.data.queries import units as unit_queries
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import NotFound, UserError, ValidationError
from pr_desk.domain.evaluation import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_FORM,
    FormStatus,
    Grade,
    check_editable,
    check_revisable,
    check_score,
    check_transition,
    editable,
    evidence_missing,
    form_number,
    gap,
    period_label,
    revision_number,
    sniff_evidence,
)
from pr_desk.domain.jalali import JalaliDate, parse_jalali
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import clean_user_text
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.evaluation.types import (
    AttachmentInfo,
    FieldVisitInfo,
    FormDetail,
    FormInfo,
    ScoreInput,
    ScoreLine,
    check_form_access,
    check_unit_access,
    compute,
    grade_bands,
    inspector_scope,
    load_form,
    load_period,
    own_series,
)

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

MAX_NOTE = 4000
MAX_TEXT = 8000


# --- reading -------------------------------------------------------------------------

def _form_info(session: Session, form: EvaluationForm, unit: Unit | None = None,
               period: EvaluationPeriod | None = None) -> FormInfo:
    unit = unit or unit_queries.by_id(session, form.unit_id)
    if unit is None:
        raise NotFound(N_("The unit was not found; it may have been removed."))
    period = period or load_period(session, form.period_id)
    return FormInfo(
        form.id, form.number, form.period_id, period_label(period.kind, period.jalali_year, period.number),
        form.unit_id, unit.code, unit.name, UnitKind(unit.kind), FormStatus(form.status), form.revision, form.is_current,
        form.self_total, form.total, Grade(form.grade) if form.grade else None, form.updated_at, form.version,
        form.calibration,
    )


def _detail(session: Session, form: EvaluationForm) -> FormDetail:
    period = load_period(session, form.period_id)
    template = q.template(session, form.template_id)
    axes = {a.id: a.name for a in q.axes(session, form.template_id)}
    indicators = q.indicators(session, form.template_id)
    scores = q.scores(session, form.id)
    by_indicator = {s.indicator_id: s for s in scores}
    attachments = q.attachments(session, form.id)
    per_indicator: dict[uuid.UUID | None, int] = {}
    for a in attachments:
        per_indicator[a.indicator_id] = per_indicator.get(a.indicator_id, 0) + 1
    lines = []
    for i in indicators:
        s = by_indicator.get(i.id)
        inspector = s.inspector_score if s else None
        note = s.evidence_note if s else ""
        lines.append(ScoreLine(
            i.id, i.axis_id, axes.get(i.axis_id, ""), i.name, i.guide, i.weight, i.max_score, i.evidence_required,
            s.self_score if s else None, inspector, note, per_indicator.get(i.id, 0),
            evidence_missing(i.evidence_required, inspector, note, per_indicator.get(i.id, 0)),
        ))
    computed = compute(indicators, scores, axes)
    users = q.users_by_ids(session, [u for u in (form.inspector_id, form.submitted_by, form.approved_by) if u])

    def name(uid: uuid.UUID | None) -> str:
        return users[uid].display_name if uid is not None and uid in users else ""

    info = _form_info(session, form, period=period)
    return FormDetail(
        form=info, template_id=form.template_id, template_name=template.name if template else "",
        template_version=template.template_version if template else 0,
        inspector_id=form.inspector_id, inspector_name=name(form.inspector_id),
        revision_of_id=form.revision_of_id, revision_reason=form.revision_reason, return_comments=form.return_comments,
        submitted_at=form.submitted_at, submitted_by_name=name(form.submitted_by),
        approved_at=form.approved_at, approved_by_name=name(form.approved_by), returned_at=form.returned_at,
        lines=tuple(lines), axes=computed.axes(),
        attachments=tuple(_attachment_info(a) for a in attachments),
        visits=tuple(_visit_info(v) for v in q.visits(session, form.id)),
        gap=gap(computed.self_total, computed.total),
        editable=editable(form.status) and form.is_current and period.status == "open",
        scored_by=scorers(session, form),
    )


def _attachment_info(a: EvaluationAttachment) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.form_id, a.indicator_id, a.file_name, a.mime_type, a.size, a.sha256, a.created_at)


def _visit_info(v: FieldVisit) -> FieldVisitInfo:
    return FieldVisitInfo(v.id, v.form_id, v.visited_on, v.people_met, v.findings, v.recommendations, v.version)


def _readable_form(session: Session, actor: Actor, form_id: uuid.UUID) -> EvaluationForm:
    require(actor, Permission.VIEW_EVALUATIONS)
    form = load_form(session, form_id)
    check_form_access(session, actor, form)
    return form


def get_form(db: Database, actor: Actor, form_id: uuid.UUID) -> FormDetail:
    with read(db) as session:
        return _detail(session, _readable_form(session, actor, form_id))


def find_form(db: Database, actor: Actor, *, period_id: uuid.UUID, unit_id: uuid.UUID,
              calibration: bool | None = None) -> FormDetail | None:
    """The current revision of a unit's form in a period, or None if none was started: the
    main form, or with `calibration` the second inspector's (None: the actor's own, see
    types.own_series)."""
    require(actor, Permission.VIEW_EVALUATIONS)
    with read(db) as session:
        series = own_series(session, actor, period_id, unit_id) if calibration is None else calibration
        check_unit_access(session, actor, period_id, unit_id, calibration=series)
        form = q.current_form(session, period_id, unit_id, calibration=series)
        return _detail(session, form) if form is not None else None


def form_revisions(db: Database, actor: Actor, form_id: uuid.UUID) -> list[FormInfo]:
    """Every revision of the form's unit and period, the first first."""
    with read(db) as session:
        form = _readable_form(session, actor, form_id)
        return [_form_info(session, f) for f in q.revisions(session, form.period_id, form.unit_id, calibration=form.calibration)]


def list_forms(
    db: Database, actor: Actor, *, period_id: uuid.UUID | None = None, unit_id: uuid.UUID | None = None,
    status: FormStatus | None = None, search: str = "", include_revisions: bool = False,
    offset: int = 0, limit: int | None = None,
) -> list[FormInfo]:
    """Forms, newest period first (an inspector: only their units); a page for the UI."""
    require(actor, Permission.VIEW_EVALUATIONS)
    from pr_desk.domain.text import normalize_for_search

    with read(db) as session:
        rows = q.forms_page(session, period_id=period_id, unit_id=unit_id, status=status.value if status else None,
                            inspector_id=inspector_scope(actor), search=normalize_for_search(search),
                            current_only=not include_revisions, offset=offset, limit=limit)
        return [_form_info(session, f, unit=u, period=p) for f, u, p in rows]


def count_forms(db: Database, actor: Actor, *, period_id: uuid.UUID | None = None, unit_id: uuid.UUID | None = None,
                status: FormStatus | None = None, search: str = "", include_revisions: bool = False) -> int:
    require(actor, Permission.VIEW_EVALUATIONS)
    from pr_desk.domain.text import normalize_for_search

    with read(db) as session:
        return q.forms_count(session, period_id=period_id, unit_id=unit_id, status=status.value if status else None,
                             inspector_id=inspector_scope(actor), search=normalize_for_search(search),
                             current_only=not include_revisions)


# --- writing -------------------------------------------------------------------------

def _refresh_totals(session: Session, form: EvaluationForm) -> None:
    session.flush()
    computed = compute(q.indicators(session, form.template_id), q.scores(session, form.id))
    grade = grade_bands(session).grade(computed.total)
    form.self_total, form.total = computed.self_total, computed.total
    form.grade = grade.value if grade else None
    form.updated_at = utcnow()  # any change of a line is a change of the form (its version moves on)


def _editable_form(session: Session, actor: Actor, form_id: uuid.UUID, expected_version: int | None) -> EvaluationForm:
    require(actor, Permission.EDIT_EVALUATIONS)
    form = load_form(session, form_id)
    check_form_access(session, actor, form)
    check_version(form.version, expected_version)
    if not form.is_current:
        raise UserError(N_("This is an earlier revision of the form, kept as it was; open the current one."), field="status")
    check_editable(form.status)
    if load_period(session, form.period_id).status != "open":
        raise UserError(N_("The period is closed; its forms can no longer change."), field="status")
    if form.status == FormStatus.RETURNED.value:
        form.status = check_transition(form.status, FormStatus.DRAFT).value
    return form


def start_form(session: Session, actor: Actor, period_id: uuid.UUID, unit_id: uuid.UUID,
               calibration: bool | None = None) -> EvaluationForm:
    """The current form of the unit in the period, or a new draft (caller's transaction):
    the main one, or with `calibration` the second inspector's (None: the actor's own)."""
    require(actor, Permission.EDIT_EVALUATIONS)
    period = load_period(session, period_id)
    if unit_queries.by_id(session, unit_id) is None:
        raise NotFound(N_("The unit was not found; it may have been removed."))
    series = own_series(session, actor, period_id, unit_id) if calibration is None else calibration
    assignment = q.assignment(session, period_id, unit_id, calibration=series)
    if assignment is None:
        if series:
            raise UserError(N_("No second inspector was asked to score this unit in this period."), field="unit")
        raise UserError(N_("This unit does not take part in the period; add it to the period first."), field="unit")
    check_unit_access(session, actor, period_id, unit_id, calibration=series)
    existing = q.current_form(session, period_id, unit_id, calibration=series)
    if existing is not None:
        return existing
    if period.status != "open":
        raise UserError(N_("The period is closed; its forms can no longer change."), field="status")
    n = next_number(session, f"evaluation_form:{period.jalali_year}")
    form = EvaluationForm(
        number=form_number(replica_prefix(session), period.jalali_year, n), period_id=period.id, unit_id=unit_id,
        template_id=period.template_id, inspector_id=assignment.inspector_id, status=FormStatus.DRAFT.value,
        revision=1, revision_reason="", is_current=True, return_comments="", calibration=series,
    )
    session.add(form)
    session.flush()
    return form


def open_form(db: Database, actor: Actor, *, period_id: uuid.UUID, unit_id: uuid.UUID,
              calibration: bool | None = None) -> FormDetail:
    """The unit's current form in the period, started as a draft if there is none yet (the
    main one; `calibration` as in find_form)."""
    with write(db, actor) as session:
        return _detail(session, start_form(session, actor, period_id, unit_id, calibration))


def _apply_lines(session: Session, form: EvaluationForm, lines: Sequence[ScoreInput]) -> None:
    indicators = {i.id: i for i in q.indicators(session, form.template_id)}
    stored = {s.indicator_id: s for s in q.scores(session, form.id)}
    problems: dict[str, str] = {}
    checked = []
    seen: set[uuid.UUID] = set()
    for index, line in enumerate(lines):
        indicator = indicators.get(line.indicator_id)
        if indicator is None:
            raise UserError(N_("An indicator is not part of this form's template."), field=f"lines[{index}]")
        if line.indicator_id in seen:
            raise UserError(N_("The indicator {name} is given twice."), field=f"lines[{index}]", name=indicator.name)
        seen.add(line.indicator_id)
        values = []
        for key in ("self_score", "inspector_score"):
            try:
                values.append(check_score(getattr(line, key), indicator.max_score, field=f"lines[{index}].{key}"))
            except UserError as exc:
                problems[f"lines[{index}].{key}"] = f"{indicator.name}: {exc.translated()}"
                values.append(None)
        note = clean_user_text(line.evidence_note or "")
        if len(note) > MAX_NOTE:  # refused on its line, never cut: a pasted note is kept whole or not at all
            message = UserError(N_("the note is longer than {limit} characters"), limit=MAX_NOTE).translated()
            problems[f"lines[{index}].evidence_note"] = f"{indicator.name}: {message}"
        checked.append((indicator.id, values[0], values[1], note))
    if problems:
        first = next(iter(problems))
        raise ValidationError(N_("Some scores are not valid: {details}"), problems=problems, field=first,
                              details="؛ ".join(problems.values()))
    for indicator_id, self_score, inspector_score, note in checked:
        row = stored.get(indicator_id)
        if row is None:
            session.add(EvaluationScore(form_id=form.id, indicator_id=indicator_id, self_score=self_score,
                                        inspector_score=inspector_score, evidence_note=note))
        else:
            row.self_score, row.inspector_score, row.evidence_note = self_score, inspector_score, note


def write_scores(session: Session, actor: Actor, form_id: uuid.UUID, lines: Sequence[ScoreInput],
                 expected_version: int | None) -> EvaluationForm:
    """`save_scores` inside the caller's transaction, with the same rules (the objective
    measures' decisions write their score through it); the form's version moves on."""
    form = _editable_form(session, actor, form_id, expected_version)
    _apply_lines(session, form, lines)
    _refresh_totals(session, form)
    session.flush()
    return form


def form_detail(session: Session, form: EvaluationForm) -> FormDetail:
    return _detail(session, form)


def save_scores(db: Database, actor: Actor, form_id: uuid.UUID, *, lines: Sequence[ScoreInput],
                expected_version: int | None = None) -> FormDetail:
    """Saves self-assessment and inspector scores and evidence notes of the given indicators
    (others keep theirs). Each score is checked against its indicator's range (0..max, at
    most 2 decimals); any bad score refuses the whole save (ValidationError.problems)."""
    with write(db, actor) as session:
        return _detail(session, write_scores(session, actor, form_id, lines, expected_version))


def add_attachment(db: Database, actor: Actor, form_id: uuid.UUID, *, file_name: str, content: bytes,
                   indicator_id: uuid.UUID | None = None, expected_version: int | None = None) -> AttachmentInfo:
    """Attaches a photo or document as evidence (of one indicator, or of the whole form).
    The type comes from the file's first bytes, never its name; at most 5 MB."""
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise UserError(N_("The file is larger than {mb} MB; reduce its size and attach it again."), field="attachment",
                        mb=MAX_ATTACHMENT_BYTES // (1024 * 1024))
    if not content:
        raise UserError(N_("The file is empty."), field="attachment")
    mime, ext = sniff_evidence(bytes(content[:16]), file_name or "")
    from pr_desk.domain.meetings import clean_file_name

    name = clean_file_name(file_name, ext)
    with write(db, actor) as session:
        form = _editable_form(session, actor, form_id, expected_version)
        if indicator_id is not None and indicator_id not in {i.id for i in q.indicators(session, form.template_id)}:
            raise UserError(N_("An indicator is not part of this form's template."), field="indicator")
        if len(q.attachments(session, form.id)) >= MAX_ATTACHMENTS_PER_FORM:
            raise UserError(N_("A form can have at most {limit} attachments."), field="attachment", limit=MAX_ATTACHMENTS_PER_FORM)
        row = EvaluationAttachment(form_id=form.id, indicator_id=indicator_id, file_name=name, mime_type=mime,
                                   size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=bytes(content))
        session.add(row)
        form.updated_at = utcnow()
        session.flush()
        return _attachment_info(row)


def remove_attachment(db: Database, actor: Actor, attachment_id: uuid.UUID, *, expected_version: int | None = None) -> None:
    """Removes an attachment of an editable form (expected_version: the form's)."""
    with write(db, actor) as session:
        row = q.attachment(session, attachment_id)
        if row is None:
            raise NotFound(N_("The attachment was not found; it may have been removed."))
        form = _editable_form(session, actor, row.form_id, expected_version)
        row.deleted_at = utcnow()
        form.updated_at = utcnow()


def attachment_content(db: Database, actor: Actor, attachment_id: uuid.UUID) -> tuple[AttachmentInfo, bytes]:
    with read(db) as session:
        row = q.attachment(session, attachment_id)
        if row is None:
            raise NotFound(N_("The attachment was not found; it may have been removed."))
        _readable_form(session, actor, row.form_id)
        return _attachment_info(row), bytes(row.content)


def _visit_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        day = value
    else:
        day = parse_jalali(value).to_gregorian()
    if day > JalaliDate.today().to_gregorian():
        raise UserError(N_("The visit date cannot be in the future."), field="visited_on")
    return day


def save_field_visit(
    db: Database, actor: Actor, form_id: uuid.UUID, *, visited_on: dt.date | str, people_met: str = "",
    findings: str = "", recommendations: str = "", visit_id: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> FieldVisitInfo:
    """Records a field visit on the form (visit_id: corrects that visit). visited_on is a
    date or Jalali text ("1404/07/12"). expected_version is the form's."""
    day = _visit_date(visited_on)
    texts = [clean_user_text(t or "")[:MAX_TEXT] for t in (people_met, findings, recommendations)]
    if not any(texts[1:]):
        raise UserError(N_("Write the findings or the recommendations of the visit."), field="findings")
    with write(db, actor) as session:
        form = _editable_form(session, actor, form_id, expected_version)
        if visit_id is None:
            visit = FieldVisit(form_id=form.id, visited_on=day, people_met=texts[0], findings=texts[1], recommendations=texts[2])
            session.add(visit)
        else:
            found = q.visit(session, visit_id)
            if found is None or found.form_id != form.id:
                raise NotFound(N_("The field visit was not found; it may have been removed."))
            visit = found
            visit.visited_on, visit.people_met, visit.findings, visit.recommendations = day, *texts
        form.updated_at = utcnow()
        session.flush()
        return _visit_info(visit)


def remove_field_visit(db: Database, actor: Actor, visit_id: uuid.UUID, *, expected_version: int | None = None) -> None:
    with write(db, actor) as session:
        visit = q.visit(session, visit_id)
        if visit is None:
            raise NotFound(N_("The field visit was not found; it may have been removed."))
        form = _editable_form(session, actor, visit.form_id, expected_version)
        visit.deleted_at = utcnow()
        form.updated_at = utcnow()


# --- the form's life -----------------------------------------------------------------

def submit_form(db: Database, actor: Actor, form_id: uuid.UUID, *, expected_version: int | None = None) -> FormDetail:
    """Sends the form for approval. Every indicator needs the inspector's score, and an
    indicator that requires evidence and scored above zero needs a note or a file."""
    with write(db, actor) as session:
        form = _editable_form(session, actor, form_id, expected_version)
        detail = _detail(session, form)
        problems: dict[str, str] = {}
        for index, line in enumerate(detail.lines):
            if line.inspector_score is None:
                problems[f"lines[{index}].inspector_score"] = _("{name}: the inspector's score is missing").format(name=line.name)
            elif line.evidence_missing:
                problems[f"lines[{index}].evidence_note"] = _("{name}: evidence is required").format(name=line.name)
        if problems:
            raise ValidationError(N_("The form cannot be submitted yet: {details}"), problems=problems,
                                  field=next(iter(problems)), details="؛ ".join(problems.values()))
        form.status = check_transition(form.status, FormStatus.SUBMITTED).value
        form.submitted_at, form.submitted_by = utcnow(), actor.user_id
        _refresh_totals(session, form)
        session.flush()
        return _detail(session, form)


def _decidable(session: Session, actor: Actor, form_id: uuid.UUID, expected_version: int | None) -> EvaluationForm:
    require(actor, Permission.APPROVE_EVALUATIONS)
    form = load_form(session, form_id)
    check_version(form.version, expected_version)
    return form


def scorers(session: Session, form: EvaluationForm) -> frozenset[uuid.UUID]:
    """Who scored the form: its inspector, whoever sent it for approval, and whoever wrote
    or last changed one of its scores (a field copy's rows keep their author through sync)."""
    people = {form.inspector_id, form.submitted_by}
    for s in q.scores(session, form.id):
        people.update((s.created_by, s.updated_by))
    return frozenset(p for p in people if p is not None)


def check_four_eyes(session: Session, actor: Actor, form: EvaluationForm) -> None:
    """Four eyes: the person who approves a form is never one who scored it."""
    if actor.user_id in scorers(session, form):
        raise UserError(N_("You scored this form yourself, so you cannot approve it: a supervisor or administrator "
                           "who took no part in its scoring must approve it."), field="status")


def approve_form(db: Database, actor: Actor, form_id: uuid.UUID, *, expected_version: int | None = None) -> FormDetail:
    """A supervisor approves a submitted form; it is locked from then on. Whoever scored
    the form (check_four_eyes) may not approve it."""
    with write(db, actor) as session:
        form = _decidable(session, actor, form_id, expected_version)
        form.status = check_transition(form.status, FormStatus.APPROVED).value
        check_four_eyes(session, actor, form)
        _refresh_totals(session, form)
        form.approved_at, form.approved_by = utcnow(), actor.user_id
        session.flush()
        audit.append(session, action="approve", table_name=EvaluationForm.__tablename__, record_id=form.id,
                     summary=f"{form.number}: {form.total}", after={"status": form.status, "total": str(form.total), "grade": form.grade})
        return _detail(session, form)


def return_form(db: Database, actor: Actor, form_id: uuid.UUID, *, comments: str, expected_version: int | None = None) -> FormDetail:
    """A supervisor returns a submitted form with comments; it can then be edited again."""
    comments = clean_user_text(comments or "")[:MAX_TEXT]
    if not comments:
        raise UserError(N_("Write why the form is returned, so the inspector knows what to correct."), field="comments")
    with write(db, actor) as session:
        form = _decidable(session, actor, form_id, expected_version)
        form.status = check_transition(form.status, FormStatus.RETURNED).value
        form.returned_at, form.returned_by, form.return_comments = utcnow(), actor.user_id, comments
        session.flush()
        audit.append(session, action="return", table_name=EvaluationForm.__tablename__, record_id=form.id,
                     summary=f"{form.number}: {comments[:200]}", after={"status": form.status, "return_comments": comments})
        return _detail(session, form)


def revise_form(db: Database, actor: Actor, form_id: uuid.UUID, *, reason: str, expected_version: int | None = None) -> FormDetail:
    """Corrects an approved form: a new draft revision (number -2, -3…) with the reason, a
    copy of its scores, evidence and visits; the approved revision is kept unchanged."""
    reason = clean_user_text(reason or "")[:MAX_TEXT]
    with write(db, actor) as session:
        require(actor, Permission.EDIT_EVALUATIONS)
        old = load_form(session, form_id)
        check_form_access(session, actor, old)
        check_version(old.version, expected_version)
        check_revisable(old.status, old.is_current, reason)
        if load_period(session, old.period_id).status != "open":
            raise UserError(N_("The period is closed; its forms can no longer change."), field="status")
        base = q.revisions(session, old.period_id, old.unit_id, calibration=old.calibration)[0].number
        old.is_current = False
        session.flush()
        new = EvaluationForm(
            number=revision_number(base, old.revision + 1), period_id=old.period_id, unit_id=old.unit_id,
            template_id=old.template_id, inspector_id=old.inspector_id, status=FormStatus.DRAFT.value,
            revision=old.revision + 1, revision_of_id=old.id, revision_reason=reason, is_current=True, return_comments="",
            self_total=old.self_total, total=old.total, grade=old.grade, calibration=old.calibration,
        )
        session.add(new)
        session.flush()
        for s in q.scores(session, old.id):
            session.add(EvaluationScore(form_id=new.id, indicator_id=s.indicator_id, self_score=s.self_score,
                                        inspector_score=s.inspector_score, evidence_note=s.evidence_note))
        for a in q.attachments(session, old.id):
            session.add(EvaluationAttachment(form_id=new.id, indicator_id=a.indicator_id, file_name=a.file_name,
                                             mime_type=a.mime_type, size=a.size, sha256=a.sha256, content=a.content))
        for v in q.visits(session, old.id):
            session.add(FieldVisit(form_id=new.id, visited_on=v.visited_on, people_met=v.people_met,
                                   findings=v.findings, recommendations=v.recommendations))
        session.flush()
        audit.append(session, action="revise", table_name=EvaluationForm.__tablename__, record_id=new.id,
                     summary=f"{old.number} → {new.number}: {reason[:200]}", after={"revision_of": str(old.id), "reason": reason})
        return _detail(session, new)
