"""operational order content, and revision summaries for recipients

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 23:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('operation_name', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('gold_strategy', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('tactical_parameters', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('escalation', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('order_template_toml', sa.Text(), nullable=True))
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary', sa.Text(), nullable=False, server_default=''))
    op.create_table('command_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('call_sign', sa.String(length=40), nullable=False),
    sa.Column('contact', sa.String(length=160), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_command_role'))
    )
    op.create_table('briefing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('audience', sa.String(length=200), nullable=False),
    sa.Column('lead', sa.String(length=120), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briefing'))
    )
    op.create_table('comms_channel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('channel', sa.String(length=60), nullable=False),
    sa.Column('call_sign', sa.String(length=40), nullable=False),
    sa.Column('purpose', sa.String(length=300), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comms_channel'))
    )


def downgrade() -> None:
    op.drop_table('comms_channel')
    op.drop_table('briefing')
    op.drop_table('command_role')
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_column('summary')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('order_template_toml')
        batch_op.drop_column('escalation')
        batch_op.drop_column('tactical_parameters')
        batch_op.drop_column('gold_strategy')
        batch_op.drop_column('operation_name')
