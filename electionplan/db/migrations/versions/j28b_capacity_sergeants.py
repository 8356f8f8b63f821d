"""a shift's capacity may record how many of its officers are sergeants

Revision ID: j28b_capacity_sergeants
Revises: j30_candidate_restricted
Create Date: 2026-12-06 07:55:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'j28b_capacity_sergeants'
down_revision = 'j30_candidate_restricted'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL: not recorded, so a plan's existing shifts deploy exactly as before.
    with op.batch_alter_table('officer_capacity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sergeants', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('officer_capacity', schema=None) as batch_op:
        batch_op.drop_column('sergeants')
