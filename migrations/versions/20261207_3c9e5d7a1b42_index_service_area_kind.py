"""index service_area.area_kind

The crisis lines shown on the home page and beside an empty search start from the few
national services; without this index every service area was read to find them.

Revision ID: 3c9e5d7a1b42
Revises: fa2b5cada7c2
Create Date: 2026-12-07 16:20:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3c9e5d7a1b42"
down_revision: str | None = "fa2b5cada7c2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("service_area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_area_area_kind"), ["area_kind"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_area_area_kind"))
