"""Units every workspace refers to: the 22 district PR offices, organisations, companies."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pr_desk.domain.text import to_persian_digits
from pr_desk.i18n import N_, _


class UnitKind(StrEnum):
    DISTRICT = "district"
    ORGANISATION = "organisation"
    COMPANY = "company"
    OFFICE = "office"

    @property
    def label(self) -> str:
        return _(UNIT_KIND_LABELS[self])


UNIT_KIND_LABELS = {
    UnitKind.DISTRICT: N_("District PR office"),
    UnitKind.ORGANISATION: N_("Affiliated organisation"),
    UnitKind.COMPANY: N_("Affiliated company"),
    UnitKind.OFFICE: N_("Central office"),
}

DISTRICT_COUNT = 22


def district_unit_code(district: int) -> str:
    return f"D{district:02d}"


def district_unit_name(district: int) -> str:
    """The Persian name as the office writes it: روابط عمومی منطقه ۷."""
    return "روابط عمومی منطقه " + to_persian_digits(district)


def parse_unit_kind(text: str) -> UnitKind:
    """Accepts the code value, the English label or the Persian label (for imports)."""
    from pr_desk.domain.errors import UserError

    cleaned = " ".join(text.split()).casefold()
    for kind in UnitKind:
        if cleaned in {kind.value, UNIT_KIND_LABELS[kind].casefold(), _(UNIT_KIND_LABELS[kind]).casefold()}:
            return kind
    persian = {"منطقه": UnitKind.DISTRICT, "سازمان": UnitKind.ORGANISATION, "شرکت": UnitKind.COMPANY, "اداره": UnitKind.OFFICE, "ستاد": UnitKind.OFFICE}
    if cleaned in persian:
        return persian[cleaned]
    raise UserError(N_("Unknown unit kind: {text}"), field="kind", text=text)


@dataclass(frozen=True)
class UnitImportRow:
    """One row of a units spreadsheet, as text, with its row number for messages."""

    row_number: int
    code: str
    name: str
    kind: str
    district: str
    notes: str = ""

