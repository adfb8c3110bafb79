"""one pending change per part of a listing

Two editors saving the same part at the same moment could both pass the "is a change already
waiting?" query and both be queued. A partial unique index on (section, target_id) where the
status is pending makes the database refuse the second. `target_id` now always names the
record the part belongs to (the organisation or the service for one-record sections), so it
is filled in for older rows and made NOT NULL. Where older rows already hold two pending
changes to one part, the later ones are closed as rejected, saying why, so the index can be
built; their editors see the reason and can send them again.

Revision ID: b2e5f1a8c002
Revises: a1d4c0a7e001
Create Date: 2026-12-07 23:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b2e5f1a8c002"
down_revision: str | None = "a1d4c0a7e001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")
CLOSED = (
    "Closed automatically: another change to the same part of the listing was already "
    "waiting for review. Send it again once that one has been approved or rejected."
)

change_request = sa.table(
    "change_request",
    sa.column("id", sa.Uuid()),
    sa.column("organization_id", sa.Uuid()),
    sa.column("service_id", sa.Uuid()),
    sa.column("section", sa.String(20)),
    sa.column("target_id", sa.Uuid()),
    sa.column("status", sa.String(10)),
    sa.column("submitted_at", sa.DateTime(timezone=True)),
    sa.column("review_reason", sa.Text()),
)


def upgrade() -> None:
    table = change_request.c
    op.execute(
        change_request.update()
        .where(table.target_id.is_(None), table.section == "organization")
        .values(target_id=table.organization_id)
    )
    op.execute(
        change_request.update()
        .where(table.target_id.is_(None), table.service_id.is_not(None))
        .values(target_id=table.service_id)
    )
    op.execute(
        change_request.update()
        .where(table.target_id.is_(None))
        .values(target_id=table.organization_id)
    )
    _close_duplicate_pending()
    with op.batch_alter_table("change_request", schema=None) as batch_op:
        batch_op.alter_column("target_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.create_index(
            "uq_change_request_one_pending",
            ["section", "target_id"],
            unique=True,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        )


def _close_duplicate_pending() -> None:
    """Keep the oldest pending change to each part; reject the rest with the reason."""
    table = change_request.c
    rows = op.get_bind().execute(
        sa.select(table.id, table.section, table.target_id)
        .where(table.status == "pending")
        .order_by(table.submitted_at, table.id)
    )
    seen: set[tuple[str, object]] = set()
    later = []
    for change_id, section, target_id in rows:
        if (section, target_id) in seen:
            later.append(change_id)
        seen.add((section, target_id))
    if later:
        op.execute(
            change_request.update()
            .where(table.id.in_(later))
            .values(status="rejected", review_reason=CLOSED)
        )


def downgrade() -> None:
    with op.batch_alter_table("change_request", schema=None) as batch_op:
        batch_op.drop_index("uq_change_request_one_pending")
        batch_op.alter_column("target_id", existing_type=sa.Uuid(), nullable=True)
