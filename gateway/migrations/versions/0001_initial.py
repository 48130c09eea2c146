"""Initial schema: directories, intake jobs, cases, seen messages, locators, request nonces.

Portable SQL types only (String, Integer, LargeBinary), so the same migration serves SQLite and
PostgreSQL.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "org_directories",
        sa.Column("org", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("signed", sa.LargeBinary, nullable=False),
        sa.Column("root_public_key", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "intake_jobs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("org", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(32), nullable=False),
        sa.Column("msg_id", sa.String(32), nullable=False, unique=True),
        sa.Column("envelope", sa.LargeBinary, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("lease_until", sa.Integer, nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("failure_code", sa.String(64), nullable=True),
    )
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(32), primary_key=True),
        sa.Column("org", sa.String(64), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("priority", sa.String(16), nullable=False),
        sa.Column("created_day", sa.String(10), nullable=False),
        sa.Column("updated_day", sa.String(10), nullable=False),
        sa.Column("sealed", sa.LargeBinary, nullable=True),
    )
    op.create_table(
        "seen_messages",
        sa.Column("msg_id", sa.String(32), primary_key=True),
        sa.Column("case_id", sa.String(32), nullable=False),
        sa.Column("envelope_sha256", sa.String(64), nullable=False),
    )
    op.create_table(
        "case_locators",
        sa.Column("locator", sa.String(64), primary_key=True),
        sa.Column("case_id", sa.String(32), nullable=False),
        sa.Column("org", sa.String(64), nullable=False),
    )
    op.create_table(
        "request_nonces",
        sa.Column("kid", sa.String(64), nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("kid", "nonce"),
    )


def downgrade() -> None:
    for table in (
        "request_nonces",
        "case_locators",
        "seen_messages",
        "cases",
        "intake_jobs",
        "org_directories",
    ):
        op.drop_table(table)
