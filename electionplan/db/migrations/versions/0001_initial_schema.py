"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 22:15:00.470512
"""
from alembic import op
import sqlalchemy as sa

from electionplan.db.geometry import BoundaryGeometry


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('who', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('old', sa.Text(), nullable=False),
    sa.Column('new', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    op.create_table('constituency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gss_code', sa.String(length=9), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('boundary_wkb', BoundaryGeometry(), nullable=True),  # a BLOB in SQLite, PostGIS in PostgreSQL
    sa.Column('electorate', sa.Integer(), nullable=True),
    sa.Column('returning_officer', sa.String(length=120), nullable=False),
    sa.Column('returning_officer_contact', sa.String(length=200), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_constituency')),
    sa.UniqueConstraint('gss_code', name=op.f('uq_constituency_gss_code'))
    )
    op.create_table('election',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('force', sa.String(length=120), nullable=False),
    sa.Column('notice_date', sa.Date(), nullable=True),
    sa.Column('polling_day', sa.Date(), nullable=False),
    sa.Column('count_date', sa.Date(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_election'))
    )
    op.create_table('officer_capacity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('shift', sa.String(length=10), nullable=False),
    sa.Column('officers', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_officer_capacity')),
    sa.UniqueConstraint('day', 'shift', name=op.f('uq_officer_capacity_day'))
    )
    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('prepared_by', sa.String(length=120), nullable=False),
    sa.Column('approved_by', sa.String(length=120), nullable=False),
    sa.Column('intention', sa.Text(), nullable=False),
    sa.Column('communications', sa.Text(), nullable=False),
    sa.Column('distribution', sa.JSON(), nullable=False),
    sa.Column('review_interval_days', sa.Integer(), nullable=False),
    sa.Column('next_review_date', sa.Date(), nullable=True),
    sa.Column('ruleset_toml', sa.Text(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan'))
    )
    op.create_table('postcode',
    sa.Column('postcode', sa.String(length=8), nullable=False),
    sa.Column('easting', sa.Float(), nullable=False),
    sa.Column('northing', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('postcode', name=op.f('pk_postcode'))
    )
    op.create_table('revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=10), nullable=False),
    sa.Column('major', sa.Integer(), nullable=False),
    sa.Column('minor', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('approved', sa.Boolean(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revision')),
    sa.UniqueConstraint('major', 'minor', name=op.f('uq_revision_major'))
    )
    op.create_table('candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('party', sa.String(length=160), nullable=False),
    sa.Column('constituency_id', sa.Integer(), nullable=True),
    sa.Column('ballot_id', sa.String(length=120), nullable=False),
    sa.Column('person_ref', sa.String(length=40), nullable=False),
    sa.Column('agent', sa.String(length=160), nullable=False),
    sa.Column('email', sa.String(length=160), nullable=False),
    sa.Column('home_address', sa.Text(), nullable=False),
    sa.Column('sitting_mp', sa.Boolean(), nullable=False),
    sa.Column('former_mp', sa.Boolean(), nullable=False),
    sa.Column('prominence', sa.Integer(), nullable=False),
    sa.Column('police_contact', sa.String(length=160), nullable=False),
    sa.Column('briefing_offered', sa.Date(), nullable=True),
    sa.Column('briefing_accepted', sa.Date(), nullable=True),
    sa.Column('protective_measures', sa.JSON(), nullable=False),
    sa.Column('intelligence_notes', sa.Text(), nullable=False),
    sa.Column('concerns_raised', sa.Text(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['constituency_id'], ['constituency.id'], name=op.f('fk_candidate_constituency_id_constituency'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate'))
    )
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_constituency_id'), ['constituency_id'], unique=False)

    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('organisation', sa.String(length=160), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=160), nullable=False),
    sa.Column('constituency_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['constituency_id'], ['constituency.id'], name=op.f('fk_contact_constituency_id_constituency'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact'))
    )
    op.create_table('polling_station',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.String(length=60), nullable=False),
    sa.Column('station_number', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address_1', sa.String(length=200), nullable=False),
    sa.Column('address_2', sa.String(length=200), nullable=False),
    sa.Column('address_3', sa.String(length=200), nullable=False),
    sa.Column('address_4', sa.String(length=200), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('uprn', sa.String(length=20), nullable=False),
    sa.Column('easting', sa.Float(), nullable=True),
    sa.Column('northing', sa.Float(), nullable=True),
    sa.Column('electorate', sa.Integer(), nullable=True),
    sa.Column('constituency_id', sa.Integer(), nullable=True),
    sa.Column('stated_constituency', sa.String(length=160), nullable=False),
    sa.Column('intimidation_history', sa.Boolean(), nullable=False),
    sa.Column('concerns', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['constituency_id'], ['constituency.id'], name=op.f('fk_polling_station_constituency_id_constituency'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_polling_station'))
    )
    with op.batch_alter_table('polling_station', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_polling_station_constituency_id'), ['constituency_id'], unique=False)

    op.create_table('venue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('easting', sa.Float(), nullable=True),
    sa.Column('northing', sa.Float(), nullable=True),
    sa.Column('constituency_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['constituency_id'], ['constituency.id'], name=op.f('fk_venue_constituency_id_constituency'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_venue'))
    )
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('start', sa.DateTime(), nullable=False),
    sa.Column('end', sa.DateTime(), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=True),
    sa.Column('constituency_id', sa.Integer(), nullable=True),
    sa.Column('expected_attendance', sa.Integer(), nullable=False),
    sa.Column('ticketed', sa.Boolean(), nullable=False),
    sa.Column('outdoor', sa.Boolean(), nullable=False),
    sa.Column('organiser', sa.String(length=200), nullable=False),
    sa.Column('notice_received', sa.DateTime(), nullable=True),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['constituency_id'], ['constituency.id'], name=op.f('fk_event_constituency_id_constituency'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['venue_id'], ['venue.id'], name=op.f('fk_event_venue_id_venue'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_venue_id'), ['venue_id'], unique=False)

    op.create_table('threat_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('reported_to', sa.String(length=120), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_threat_report_candidate_id_candidate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_threat_report'))
    )
    with op.batch_alter_table('threat_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_threat_report_candidate_id'), ['candidate_id'], unique=False)

    op.create_table('event_candidate',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_event_candidate_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_candidate_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'candidate_id', name=op.f('pk_event_candidate'))
    )
    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('venue_id', sa.Integer(), nullable=True),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('easting', sa.Float(), nullable=True),
    sa.Column('northing', sa.Float(), nullable=True),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_incident_candidate_id_candidate'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_incident_event_id_event'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['station_id'], ['polling_station.id'], name=op.f('fk_incident_station_id_polling_station'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['venue_id'], ['venue.id'], name=op.f('fk_incident_venue_id_venue'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident'))
    )


def downgrade() -> None:
    op.drop_table('incident')
    op.drop_table('event_candidate')
    with op.batch_alter_table('threat_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_threat_report_candidate_id'))

    op.drop_table('threat_report')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_venue_id'))

    op.drop_table('event')
    op.drop_table('venue')
    with op.batch_alter_table('polling_station', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_polling_station_constituency_id'))

    op.drop_table('polling_station')
    op.drop_table('contact')
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_constituency_id'))

    op.drop_table('candidate')
    op.drop_table('revision')
    op.drop_table('postcode')
    op.drop_table('plan')
    op.drop_table('officer_capacity')
    op.drop_table('election')
    op.drop_table('constituency')
    op.drop_table('audit_entry')
