"""threat reports name their target: an event, a venue, dates, or a candidate

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 03:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every report made before this revision names a candidate, so none is changed.
    with op.batch_alter_table('threat_report', schema=None) as batch_op:
        batch_op.alter_column('candidate_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('event_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('venue_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('valid_to', sa.Date(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_threat_report_event_id_event'), 'event', ['event_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_threat_report_venue_id_venue'), 'venue', ['venue_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_threat_report_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_threat_report_venue_id'), ['venue_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('threat_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_threat_report_venue_id'))
        batch_op.drop_index(batch_op.f('ix_threat_report_event_id'))
        batch_op.drop_constraint(batch_op.f('fk_threat_report_venue_id_venue'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_threat_report_event_id_event'), type_='foreignkey')
        batch_op.drop_column('valid_to')
        batch_op.drop_column('valid_from')
        batch_op.drop_column('venue_id')
        batch_op.drop_column('event_id')
        batch_op.alter_column('candidate_id', existing_type=sa.Integer(), nullable=False)
