"""each count venue may have its own rendezvous point: a name, an address or description, and a grid reference

Revision ID: 0013_count_rvp
Revises: 0012
Create Date: 2026-12-06 09:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013_count_rvp'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A table of its own, empty to start: a plan's counts use the plan's RVP, as before, until one is recorded.
    op.create_table(
        'count_rvp',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('venue_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.String(length=300), nullable=False),
        sa.Column('grid_ref', sa.String(length=20), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['venue_id'], ['venue.id'], name=op.f('fk_count_rvp_venue_id_venue'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_count_rvp')),
        sa.UniqueConstraint('venue_id', name=op.f('uq_count_rvp_venue_id')),
    )


def downgrade() -> None:
    op.drop_table('count_rvp')
