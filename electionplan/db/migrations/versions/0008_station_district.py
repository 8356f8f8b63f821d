"""polling stations keep the polling district the council's file gives

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 04:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('polling_station', schema=None) as batch_op:
        batch_op.add_column(sa.Column('polling_district', sa.String(length=60), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('polling_station', schema=None) as batch_op:
        batch_op.drop_column('polling_district')
