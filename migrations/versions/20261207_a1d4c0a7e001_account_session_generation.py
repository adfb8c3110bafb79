"""account session generation; sign-in counts move to rate_count

Sessions carry the account's generation and are refused once it is bumped (sign-out, password
change, disabling). Wrong-password counts now live in rate_count per email and client, so the
per-account counter and lock columns go.

Revision ID: a1d4c0a7e001
Revises: 3c9e5d7a1b42
Create Date: 2026-12-07 23:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a1d4c0a7e001"
down_revision: str | None = "3c9e5d7a1b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.drop_column("session_generation")
