"""Problem reports from the public: recorded by the finder, shown on listings, settled in manage."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.models import AuditEntry, ProblemKind, ProblemReport, Service

REPORT_KINDS = {
    ProblemKind.DETAILS_WRONG: "Contact details or information are wrong",
    ProblemKind.CLOSED: "The service has closed",
    ProblemKind.AREA: "It does not cover my area",
    ProblemKind.OTHER: "Something else",
}


def report_kind_text(kind: str) -> str:
    return REPORT_KINDS.get(ProblemKind(kind), kind)


def record_report(
    session: Session, service: Service, kind: ProblemKind, details: str, now: datetime
) -> ProblemReport:
    """Keep a report (and a line in the listing's history) and commit; nothing about the sender."""
    report = ProblemReport(
        service_id=service.id, kind=kind, details=details.strip() or None, received_at=now
    )
    session.add(report)
    session.add(
        AuditEntry(
            at=now, actor_label="A member of the public", organization_id=service.organization_id,
            service_id=service.id, action="reported", note=str(kind),
        )
    )  # fmt: skip
    session.commit()
    return report


def first_open_report(session: Session, service_id: uuid.UUID) -> datetime | None:
    """When the oldest unresolved report about a service arrived, or None if there is none."""
    stmt = select(func.min(ProblemReport.received_at)).where(
        ProblemReport.service_id == service_id, ProblemReport.resolved_at.is_(None)
    )
    return session.scalar(stmt)
