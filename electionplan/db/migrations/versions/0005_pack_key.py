"""each plan holds a key that seals the candidates' security packs

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 15:40:00
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('plan', sa.Column('pack_key', sa.String(length=64), nullable=False, server_default=''))
    # Each existing plan gets its own random key, made here rather than by the
    # database so SQLite and PostgreSQL keys are equally strong.
    connection = op.get_bind()
    for (plan_id,) in connection.execute(sa.text("SELECT id FROM plan")).fetchall():
        connection.execute(sa.text("UPDATE plan SET pack_key = :key WHERE id = :id"),
                           {"key": secrets.token_hex(32), "id": plan_id})


def downgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('pack_key')
