"""The grade bands (سطح‌بندی): the lowest total of excellent, good and fair, below which a
unit is poor. Set by whoever may manage evaluation templates; every result shown or
printed afterwards is graded by the new bands."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from pr_desk.domain.errors import UserError
from pr_desk.domain.evaluation import Grade, GradeBands, parse_decimal
from pr_desk.i18n import N_, _
from pr_desk.services import evaluation as ev
from pr_desk.services.context import Actor
from pr_desk.ui.evaluation.common import score_text
from pr_desk.ui.kit.forms import FormDialog

if TYPE_CHECKING:
    from pr_desk.services.office import Office

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
FIELDS = ("excellent", "good", "fair")
MSG_REQUIRED = N_("Give the lowest total of this grade.")
MSG_RANGE = N_("A threshold is a number from 0 to 100.")
MSG_DECIMALS = N_("At most two decimal places.")
MSG_ABOVE_ZERO = N_("The lowest total of fair must be above 0; below it is poor.")
MSG_BELOW = N_("Must be lower than the lowest total of {grade} ({value}).")


def check_bands(texts: dict[str, str]) -> tuple[dict[str, str], GradeBands | None]:
    """Field -> message for each threshold that is wrong (typed in any digits), and the
    bands when all three are right: each 0–100 with at most two decimals, falling from
    excellent to fair, fair above zero."""
    problems: dict[str, str] = {}
    values: dict[str, Decimal] = {}
    for key in FIELDS:
        try:
            number = parse_decimal(texts.get(key, ""), field=key)
        except UserError as exc:
            problems[key] = str(exc)
            continue
        if number is None:
            problems[key] = _(MSG_REQUIRED)
        elif not Decimal(0) <= number <= HUNDRED:
            problems[key] = _(MSG_RANGE)
        elif number != number.quantize(CENT):
            problems[key] = _(MSG_DECIMALS)
        else:
            values[key] = number.quantize(CENT)
    if "fair" in values and values["fair"] <= 0:
        problems["fair"] = _(MSG_ABOVE_ZERO)
    for upper, lower in (("excellent", "good"), ("good", "fair")):
        if upper in values and lower in values and lower not in problems and values[lower] >= values[upper]:
            problems[lower] = _(MSG_BELOW).format(grade=Grade(upper).label, value=score_text(values[upper]))
    if problems:
        return problems, None
    return {}, GradeBands(values["excellent"], values["good"], values["fair"])


class GradeBandsDialog(FormDialog):
    """load() shows the bands in force; save() sets them through the service."""

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Grade bands"))
        self.db = db
        self.actor = actor
        self.saved: GradeBands | None = None
        self.set_intro(_("The lowest total score (out of 100) of each grade. A total below the lowest of fair is "
                         "poor. The new bands apply to every result shown and printed, earlier periods too."))
        self.edits: dict[str, QLineEdit] = {}
        for key in FIELDS:
            edit = QLineEdit(self)
            edit.setMaxLength(10)
            edit.setPlaceholderText(_("from 0 to 100"))
            edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
            edit.setMinimumWidth(120)
            edit.setMaximumWidth(180)
            self.edits[key] = edit
            self.add_field(key, _("Lowest total of {grade}").format(grade=Grade(key).label), edit)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.form.addRow(_("The grades"), self.preview)
        for key, edit in self.edits.items():
            edit.editingFinished.connect(lambda key=key: self._tidy(key))
        self.load()

    def load(self) -> None:
        try:
            bands = ev.get_grade_bands(self.db, self.actor)
        except UserError:
            bands = ev.DEFAULT_BANDS
        for key in FIELDS:
            self.edits[key].setText(score_text(getattr(bands, key)))
        self._touched.clear()
        self.refresh_validity()

    def _tidy(self, key: str) -> None:
        """A number typed in Latin digits is shown back in the screen's digits."""
        edit = self.edits[key]
        try:
            number = parse_decimal(edit.text(), field=key)
        except UserError:
            return
        if number is not None and number == number.quantize(CENT) and Decimal(0) <= number <= HUNDRED:
            tidy = score_text(number)
            if tidy != edit.text():
                edit.setText(tidy)

    def texts(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.edits.items()}

    def validate(self) -> dict[str, str]:
        return check_bands(self.texts())[0]

    def refresh_validity(self) -> bool:
        ok = super().refresh_validity()
        self._show_preview()
        return ok

    def _show_preview(self) -> None:
        bands = check_bands(self.texts())[1]
        if bands is None:
            self.preview.setText("—")
            return
        lines = [
            _("{grade}: {low} and above").format(grade=Grade.EXCELLENT.label, low=score_text(bands.excellent)),
            _("{grade}: from {low} to below {high}").format(grade=Grade.GOOD.label, low=score_text(bands.good),
                                                            high=score_text(bands.excellent)),
            _("{grade}: from {low} to below {high}").format(grade=Grade.FAIR.label, low=score_text(bands.fair),
                                                            high=score_text(bands.good)),
            _("{grade}: below {high}").format(grade=Grade.POOR.label, high=score_text(bands.fair)),
        ]
        self.preview.setText("\n".join(lines))

    def save(self) -> None:
        _problems, bands = check_bands(self.texts())
        if bands is None:
            raise UserError(N_("Correct the grade thresholds first."))
        self.saved = ev.set_grade_bands(self.db, self.actor, excellent=bands.excellent, good=bands.good, fair=bands.fair)

    def show_user_error(self, exc: UserError) -> None:
        if exc.field == "grade_bands":
            self.general_error.set_error(str(exc))
        else:
            super().show_user_error(exc)
