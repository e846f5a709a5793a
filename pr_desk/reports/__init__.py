"""Persian reports: one declarative model (`ReportSpec`) written as PDF or Excel.

Reports take plain data and write files; they never import Qt or SQLAlchemy.
"""

from pr_desk.reports.model import (
    BarChart,
    Column,
    Heading,
    LabelValues,
    Letter,
    PageBreak,
    Paragraph,
    RadarChart,
    ReportCancelled,
    ReportSpec,
    Signatures,
    Table,
    Tinted,
)

__all__ = [
    "BarChart",
    "Column",
    "Heading",
    "LabelValues",
    "Letter",
    "PageBreak",
    "Paragraph",
    "RadarChart",
    "ReportCancelled",
    "ReportSpec",
    "Signatures",
    "Table",
    "Tinted",
]
