"""Results of a period (نتایج): each unit's total, grade, rank among its kind, self-
assessment and the gap, the trend against the period before; a bar chart of totals and
the selected unit's radar by axis; the printed reports and the Excel form round trip."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import UserError
from pr_desk.domain.evaluation import rank_text
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import sort_key
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_, _
from pr_desk.services import evaluation as ev
from pr_desk.services.context import Actor
from pr_desk.ui import settings
from pr_desk.ui.evaluation.charts import BarChart, RadarChart, scrolled
from pr_desk.ui.evaluation.common import (
    TREND_COLOURS,
    RowsModel,
    find_data,
    list_table,
    score_text,
    select_where,
    selected_row,
    signed_text,
)
from pr_desk.ui.evaluation.grade_bands_dialog import GradeBandsDialog
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import file_filter, persian_on_screen
from pr_desk.ui.kit.forms import attempt
from pr_desk.ui.kit.import_flow import ImportSpec, choose_and_import, run_import
from pr_desk.ui.kit.paged_table_model import Column
from pr_desk.ui.kit.table_view import fit_columns_to_contents
from pr_desk.ui.report_actions import ReportExporter

if TYPE_CHECKING:
    from pr_desk.services.office import Office

RESULT_COLUMNS = (
    Column("rank", N_("Rank"), kind="int"),
    Column("unit_name", N_("Unit")),
    Column("total", N_("Total score"), kind="number"),
    Column("grade", N_("Grade")),
    Column("self_total", N_("Self-assessment"), kind="number"),
    Column("gap", N_("Gap"), kind="number"),
    Column("trend", N_("Trend"), kind="number"),
    Column("status", N_("Status")),
    Column("inspector_name", N_("Inspector")),
)


def short_name(name: str) -> str:
    """A bar's label: "منطقه ۸" for a district office, else the name."""
    return name.replace("روابط عمومی ", "")


def _result_text(row: ev.UnitResult, key: str) -> str | None:
    if key == "rank":
        return rank_text(row.rank, row.ranked_among, provisional=row.provisional, persian=persian_on_screen())
    if key == "total":
        return score_text(row.total)
    if key == "self_total":
        return score_text(row.self_total)
    if key == "gap":
        return signed_text(row.gap)
    if key == "grade":
        return row.grade.label if row.grade else "—"
    if key == "trend":
        change = f" {signed_text(row.change)}" if row.change is not None else ""
        return f"{row.trend.arrow}{change}"
    if key == "status":
        text = row.status.label if row.status else _("No form")
        if row.calibration == "pending":  # a second inspector scored it too: the main form counts until decided
            text += " · " + _("second form: not decided")
        elif row.calibration == "calibration":
            text += " · " + _("the second form counts")
        return text
    return None


def _result_colour(row: ev.UnitResult, key: str) -> str | None:
    if key == "trend":
        return TREND_COLOURS.get(row.trend)
    if key == "gap" and row.gap is not None and abs(row.gap) >= 10:
        return "#c62828"
    return None


class ResultsView(QWidget):
    changed = Signal()
    form_requested = Signal(object, object)

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.period: ev.PeriodInfo | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Period:"), self))
        self.period_combo = QComboBox(self)
        self.period_combo.setMinimumContentsLength(16)
        bar.addWidget(self.period_combo)
        self.include_unapproved = QCheckBox(_("Include forms not yet approved"), self)
        self.include_unapproved.setToolTip(_("Official results count approved forms only"))
        bar.addWidget(self.include_unapproved)
        bar.addStretch(1)
        self.bands_label = QLabel(self)
        self.bands_label.setToolTip(_("The lowest total score of each grade"))
        bar.addWidget(self.bands_label)
        self.bands_button = QPushButton(_("Grade bands…"), self)
        self.bands_button.setToolTip(_("Change the lowest total score of each grade"))
        self.bands_button.setVisible(actor.can(Permission.MANAGE_EVALUATION_TEMPLATES))
        bar.addWidget(self.bands_button)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = RowsModel(RESULT_COLUMNS, text=_result_text, colour=_result_colour, parent=self)
        self.table = list_table(self, self.model, stretch="unit_name", remember="evaluation.results")
        self.empty = empty_state(self.table, lambda: (
            _("No evaluation period yet: results show here once a period is open and its forms are scored.")
            if getattr(self, "period", None) is None else
            _("No result in this period yet. A unit's result shows here once its form is approved; tick the box "
              "above to see the forms not yet approved, marked provisional.")
            if not self.include_unapproved.isChecked() else
            _("No form of this period has been scored yet.")))
        splitter.addWidget(self.table)
        charts = QSplitter(Qt.Orientation.Horizontal, splitter)
        self.bar_chart = BarChart()
        self.bar_scroll = scrolled(self.bar_chart, charts)  # 46 units: every name whole, the chart scrolls
        self.radar = RadarChart(charts)
        charts.addWidget(self.bar_scroll)
        charts.addWidget(self.radar)
        splitter.addWidget(charts)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        reports = QHBoxLayout()
        self.unit_report_button = QPushButton(_("Unit report (PDF)…"), self)
        self.unit_report_button.setToolTip(_("The selected unit's evaluation report, to print and sign"))
        self.ranking_button = QPushButton(_("Ranking (PDF)…"), self)
        self.ranking_excel_button = QPushButton(_("Ranking (Excel)…"), self)
        self.comparison_button = QPushButton(_("Comparison across periods (Excel)…"), self)
        self.blank_button = QPushButton(_("Blank form (PDF)…"), self)
        self.blank_button.setToolTip(_("A printable empty form of the selected unit, for writing by hand"))
        self.print_button = QPushButton(_("Print unit report…"), self)
        for b in (self.unit_report_button, self.print_button, self.ranking_button, self.ranking_excel_button,
                  self.comparison_button, self.blank_button):
            reports.addWidget(b)
        reports.addStretch(1)
        layout.addLayout(reports)
        excel = QHBoxLayout()
        self.open_form_button = QPushButton(_("Open form…"), self)
        self.save_excel_button = QPushButton(_("Save Excel form…"), self)
        self.save_excel_button.setToolTip(_("The selected unit's form as an Excel workbook, for an inspector without the app"))
        self.import_excel_button = QPushButton(_("Import filled Excel form…"), self)
        self.import_excel_button.setToolTip(_("Reads a filled form back; every cell is checked and nothing is saved if one is wrong"))
        self.import_excel_button.setVisible(actor.can(Permission.EDIT_EVALUATIONS))
        excel.addWidget(self.open_form_button)
        excel.addWidget(self.save_excel_button)
        excel.addWidget(self.import_excel_button)
        excel.addStretch(1)
        layout.addLayout(excel)

        self.unit_report = ReportExporter(self, "evaluation-unit", db, actor, self._unit_params)
        self.ranking = ReportExporter(self, "evaluation-ranking", db, actor, self._ranking_params)
        self.comparison = ReportExporter(self, "evaluation-comparison", db, actor, self._comparison_params)
        self.blank_form = ReportExporter(self, "evaluation-blank-form", db, actor, self._unit_params)
        self.unit_report_button.clicked.connect(lambda: self.unit_report.export(".pdf"))
        self.print_button.clicked.connect(lambda: self.unit_report.print_preview())
        self.ranking_button.clicked.connect(lambda: self.ranking.export(".pdf"))
        self.ranking_excel_button.clicked.connect(lambda: self.ranking.export(".xlsx"))
        self.comparison_button.clicked.connect(lambda: self.comparison.export(".xlsx"))
        self.blank_button.clicked.connect(lambda: self.blank_form.export(".pdf"))
        self.save_excel_button.clicked.connect(self.save_excel_form)
        self.import_excel_button.clicked.connect(self.import_excel_form)
        self.open_form_button.clicked.connect(self._on_open_form)
        self.bands_button.clicked.connect(self.edit_grade_bands)
        self.table.doubleClicked.connect(lambda _i: self._on_open_form())
        self.period_combo.currentIndexChanged.connect(lambda _i: self._on_period_chosen())
        self.include_unapproved.toggled.connect(lambda _c: self.reload())
        # the selection, not the current row: a click moves the current row before it selects
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_unit_changed())
        self.fill_periods()

    # -- report parameters ------------------------------------------------------------

    def current_result(self) -> ev.UnitResult | None:
        row: ev.UnitResult | None = selected_row(self.table)
        return row

    def _unit_params(self) -> dict[str, Any]:
        row = self.current_result()
        if self.period is None or row is None:
            raise UserError(N_("Choose a period and a unit first."))
        # the report of the row as the screen shows it (a unit with no approved form: its draft, provisional)
        include = self.include_unapproved.isChecked() or row.form_id is None
        return {"period": self.period.code, "unit": row.unit_code, "include_unapproved": include}

    def _ranking_params(self) -> dict[str, Any]:
        if self.period is None:
            raise UserError(N_("Choose a period and a unit first."))
        return {"period": self.period.code, "include_unapproved": self.include_unapproved.isChecked()}

    def _comparison_params(self) -> dict[str, Any]:
        return {"include_unapproved": self.include_unapproved.isChecked()}

    # -- loading ----------------------------------------------------------------------

    def fill_periods(self) -> None:
        current = self.period_combo.currentData()
        _ok, periods = attempt(self, lambda: ev.list_periods(self.db, self.actor))
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        self._periods = {p.id: p for p in (periods or [])}
        for p in periods or []:
            self.period_combo.addItem(p.label, p.id)
        index = find_data(self.period_combo, current)
        self.period_combo.setCurrentIndex(index if index >= 0 else 0)
        self.period_combo.blockSignals(False)
        self._on_period_chosen()

    def set_period(self, period_id: uuid.UUID) -> None:
        index = find_data(self.period_combo, period_id)
        if index < 0:
            self.fill_periods()
            index = find_data(self.period_combo, period_id)
        if index >= 0 and index != self.period_combo.currentIndex():
            self.period_combo.setCurrentIndex(index)

    def _on_period_chosen(self) -> None:
        self.period = self._periods.get(self.period_combo.currentData())
        self.reload()

    def reload(self) -> None:
        if self.sender() is not self.include_unapproved and self.period is not None:
            period_id = self.period.id
            ok, fresh = attempt(self, lambda: ev.get_period(self.db, self.actor, period_id))
            if ok:
                self.period = fresh
        selected = self.current_result()
        self._show_bands()
        if self.period is None:
            self.model.set_rows([])
        else:
            period = self.period
            ok, rows = attempt(self, lambda: ev.period_results(self.db, self.actor, period_id=period.id,
                                                               include_unapproved=self.include_unapproved.isChecked()))
            kinds = {UnitKind.DISTRICT: 0, UnitKind.ORGANISATION: 1, UnitKind.COMPANY: 2}
            ordered = sorted(rows or [], key=lambda r: (kinds.get(r.unit_kind, 3), r.rank is None, r.rank or 0, sort_key(r.unit_name)))
            self.model.set_rows(ordered)
        fit_columns_to_contents(self.table)
        if not (selected and select_where(self.table, lambda r: r.unit_id == selected.unit_id)):
            select_where(self.table, lambda r: True)
        self._on_unit_changed()

    def _on_unit_changed(self) -> None:
        row = self.current_result()
        rows = self.model.rows()
        kind = row.unit_kind if row else None
        peers = [r for r in rows if kind is None or r.unit_kind == kind]
        title = _("Total score of each unit") if kind is None else _("Total score: {kind}").format(kind=kind.label)
        self.bar_chart.set_items([(short_name(r.unit_name), r.total) for r in peers], title=title,
                                 selected=short_name(row.unit_name) if row else "")
        shown = self.bar_chart.row_rect(self.bar_chart.selected) if row else None
        if shown is not None:
            self.bar_scroll.ensureVisible(int(shown.center().x()), int(shown.center().y()), 0, int(shown.height()))
        if row is not None and row.axes:
            self.radar.set_axes([(a.name, a.inspector_score, a.self_score) for a in row.axes],
                                title=_("Axes of {unit}").format(unit=short_name(row.unit_name)))
        else:
            self.radar.set_axes([], title="")
        has = row is not None
        for b in (self.unit_report_button, self.print_button, self.blank_button, self.save_excel_button, self.open_form_button):
            b.setEnabled(has)
        for b in (self.ranking_button, self.ranking_excel_button):
            b.setEnabled(self.period is not None)

    def _show_bands(self) -> None:
        try:
            bands = ev.get_grade_bands(self.db, self.actor)
        except UserError:
            self.bands_label.clear()
            return
        self.bands_label.setText(_("Lowest totals: {excellent} {e}, {good} {g}, {fair} {f}").format(
            excellent=ev.Grade.EXCELLENT.label, good=ev.Grade.GOOD.label, fair=ev.Grade.FAIR.label,
            e=score_text(bands.excellent), g=score_text(bands.good), f=score_text(bands.fair)))

    # -- actions ----------------------------------------------------------------------

    def grade_bands_dialog(self) -> GradeBandsDialog:
        return GradeBandsDialog(self.db, self.actor, self)

    def edit_grade_bands(self) -> bool:
        """The grade bands dialog; after a save every result is graded again."""
        dialog = self.grade_bands_dialog()
        if not dialog.exec() or dialog.saved is None:
            return False
        self.reload()
        self.changed.emit()
        return True

    def _on_open_form(self) -> None:
        row = self.current_result()
        if row is not None and self.period is not None:
            self.form_requested.emit(self.period.id, row.unit_id)

    def _folder(self) -> str:
        return settings.LAST_FOLDER.get() or str(Path.home())

    def save_excel_form(self) -> Path | None:
        row = self.current_result()
        if row is None or self.period is None:
            return None
        default = str(Path(self._folder()) / f"evaluation-{row.unit_code}-{self.period.code}.xlsx")
        chosen, _f = QFileDialog.getSaveFileName(self, _("Save Excel form"), default, file_filter(_("Excel workbooks (*.xlsx)")))
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        return self.save_excel_form_to(path)

    def save_excel_form_to(self, path: Path) -> Path | None:
        row = self.current_result()
        period = self.period
        if row is None or period is None:
            return None
        ok, written = attempt(self, lambda: ev.save_form_sheet(self.db, self.actor, unit=row.unit_id, period=period.id, out=path))
        if not ok:
            return None
        settings.LAST_FOLDER.set(str(path.parent))
        QMessageBox.information(self, _("Save Excel form"), _("The form was saved as {name}.").format(name=path.name))
        return written

    def form_import_spec(self) -> ImportSpec[ev.FormDetail]:
        """The filled Excel form's import as the kit's import flow runs it: a clean form is
        saved without a preview; a form with bad cells names each and saves nothing."""
        return ImportSpec(
            _("Import filled Excel form"), self.db, self.actor, ev.preview_form_file, ev.import_form_sheet,
            self._on_form_imported, confirm=False, applying_title=_("Saving the Excel form…"),
            progress_text=_("Saving the form's scores: {done} of {total}"), apply_cancellable=True,
            cancelled_text=_("The import was cancelled; no score of the form was saved."),
            refused_text=lambda _file, _preview: _("Nothing was saved. Correct these cells in the file and import it again:"))

    def import_excel_form(self) -> ev.FormDetail | None:
        return choose_and_import(self, self.form_import_spec())

    def import_excel_form_from(self, path: Path) -> ev.FormDetail | None:
        return run_import(self, self.form_import_spec(), path)

    def _on_form_imported(self, detail: ev.FormDetail) -> None:
        self.changed.emit()
        self.reload()
        QMessageBox.information(self, _("Import filled Excel form"), _("The form of {unit} was saved: total score {total}.").format(
            unit=detail.form.unit_name, total=score_text(detail.form.total)))
