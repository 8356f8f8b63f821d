"""polling stations are keyed by council and council id

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 23:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('polling_station', schema=None) as batch_op:
        batch_op.add_column(sa.Column('council', sa.String(length=60), nullable=False, server_default=''))
    # Plans made before this revision may hold the same id twice (the old
    # importer merged by id alone); number later copies so no station is lost.
    op.execute(
        "UPDATE polling_station SET council_id = council_id || '#' || id "
        "WHERE council_id != '' AND id NOT IN (SELECT MIN(id) FROM polling_station WHERE council_id != '' GROUP BY council_id)"
    )
    op.create_index('uq_polling_station_council_key', 'polling_station', ['council', 'council_id'], unique=True,
                    sqlite_where=sa.text("council_id != ''"), postgresql_where=sa.text("council_id != ''"))


def downgrade() -> None:
    op.drop_index('uq_polling_station_council_key', table_name='polling_station')
    with op.batch_alter_table('polling_station', schema=None) as batch_op:
        batch_op.drop_column('council')
