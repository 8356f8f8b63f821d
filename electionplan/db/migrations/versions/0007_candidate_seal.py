"""each candidate holds a random seal reference, so a pack outlives a corrected name

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 03:30:00
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('candidate', sa.Column('seal_ref', sa.String(length=32), nullable=False, server_default=''))
    # Made here rather than by the database so SQLite and PostgreSQL references are equally random.
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.text("SELECT id FROM candidate")).fetchall()]
    if ids:
        connection.execute(sa.text("UPDATE candidate SET seal_ref = :ref WHERE id = :id"),
                           [{"ref": secrets.token_hex(16), "id": candidate_id} for candidate_id in ids])


def downgrade() -> None:
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_column('seal_ref')
