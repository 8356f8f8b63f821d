"""the operation's rendezvous point is a place: its name, address, postcode and grid reference

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 06:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rvp_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('rvp_address', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('rvp_postcode', sa.String(length=10), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('rvp_grid_ref', sa.String(length=20), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('rvp_grid_ref')
        batch_op.drop_column('rvp_postcode')
        batch_op.drop_column('rvp_address')
        batch_op.drop_column('rvp_name')
