"""a candidate's restricted fields move to a table of their own, one row per candidate

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 06:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

FIELDS = ('email', 'home_address', 'protective_measures', 'intelligence_notes', 'concerns_raised')


def upgrade() -> None:
    op.create_table(
        'candidate_restricted',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('email', sa.String(length=160), nullable=False),
        sa.Column('home_address', sa.Text(), nullable=False),
        sa.Column('protective_measures', sa.JSON(), nullable=False),
        sa.Column('intelligence_notes', sa.Text(), nullable=False),
        sa.Column('concerns_raised', sa.Text(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['id'], ['candidate.id'], name=op.f('fk_candidate_restricted_id_candidate'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_restricted')),
    )
    # Every candidate keeps what was recorded, starting its restricted row at version 1.
    op.execute(f"INSERT INTO candidate_restricted (id, {', '.join(FIELDS)}, version_id) "
               f"SELECT id, {', '.join(FIELDS)}, 1 FROM candidate")
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        for field in FIELDS:
            batch_op.drop_column(field)


def downgrade() -> None:
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=160), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('home_address', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('protective_measures', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('intelligence_notes', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('concerns_raised', sa.Text(), nullable=False, server_default=''))
    for field in FIELDS:
        op.execute(f"UPDATE candidate SET {field} = (SELECT r.{field} FROM candidate_restricted r "
                   "WHERE r.id = candidate.id) WHERE id IN (SELECT id FROM candidate_restricted)")
    op.drop_table('candidate_restricted')
