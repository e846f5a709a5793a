"""The directive register workspace (دستورالعمل‌ها و آئین‌نامه‌ها), one import for the
screens and the command line: `from pr_desk.services import directives` then
`directives.create_directive(db, actor, ...)`.

The use cases live in register (kinds, drafting, approval, issue, amendments, links,
attachments, the text in force) and distribution (units, acknowledgements, implementation
and evidence, the matrix and pending lists); the dataclasses in types."""

from __future__ import annotations

from pr_desk.domain.directives import (
    DirectiveStatus,
    RecipientState,
    Relation,
    Verdict,
    VersionStatus,
)
from pr_desk.services.directives.distribution import *  # noqa: F403
from pr_desk.services.directives.distribution import __all__ as _distribution
from pr_desk.services.directives.register import *  # noqa: F403
from pr_desk.services.directives.register import __all__ as _register
from pr_desk.services.directives.types import (
    AcknowledgementInfo,
    AttachmentInfo,
    DirectiveDetail,
    DirectiveInfo,
    KindInfo,
    LinkInfo,
    PreparedSearch,
    RecipientInfo,
    VersionInfo,
    today,
)

__all__ = [
    *_register, *_distribution, "AcknowledgementInfo", "AttachmentInfo", "DirectiveDetail", "DirectiveInfo", "DirectiveStatus",
    "KindInfo", "LinkInfo", "PreparedSearch", "RecipientInfo", "RecipientState", "Relation", "Verdict", "VersionInfo", "VersionStatus", "today",
]
