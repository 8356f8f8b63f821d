"""a plan keeps the wards that lie in its constituencies, to draw and name them on its maps

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 06:45:00
"""
from alembic import op
import sqlalchemy as sa

from electionplan.db.geometry import BoundaryGeometry


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'ward',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gss_code', sa.String(length=9), nullable=False),
        sa.Column('name', sa.String(length=160), nullable=False),
        sa.Column('boundary_wkb', BoundaryGeometry(), nullable=True),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ward')),
        sa.UniqueConstraint('gss_code', name=op.f('uq_ward_gss_code')),
    )


def downgrade() -> None:
    op.drop_table('ward')
