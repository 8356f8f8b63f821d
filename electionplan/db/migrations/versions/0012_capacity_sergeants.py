"""a shift's capacity may record how many of its officers are sergeants

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 07:55:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL: not recorded, so a plan's existing shifts deploy exactly as before.
    with op.batch_alter_table('officer_capacity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sergeants', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('officer_capacity', schema=None) as batch_op:
        batch_op.drop_column('sergeants')
