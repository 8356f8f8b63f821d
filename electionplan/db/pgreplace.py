"""Replacing a database plan whole: the new plan is written beside the old, then renamed into place.

`copy … --force` into a database (and a new plan, a sample or a quick setup made
over one) writes the new plan into a staging schema
while the old plan stays as it is, readable and editable. Only when every row
is in does one transaction rename the old schema away, rename the new one into
its place, grant the force's roles on it and drop the old. PostgreSQL's DDL is
transactional, so a server that stops at any moment leaves either the old plan
or the new one, whole. A staging schema left by an attempt that never finished
is dropped by the next.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from electionplan.db.pgsecurity import grant_plan, group_roles_exist, readable_schema
from electionplan.db.pgstore import DatabasePlan, _connection_failure, _engine, create_database_plan, drop_database_plan
from electionplan.db.store import database_identity
from electionplan.domain.errors import PlanFileError
from electionplan.system.faults import fault_point

STAGED_SUFFIX = "__staged"
REPLACED_SUFFIX = "__replaced"


@contextlib.contextmanager
def staged_replacement(url: str) -> Iterator[DatabasePlan]:
    """An empty plan to fill, swapped in for the plan at url only if the block completes."""
    identity = database_identity(url)
    staged = identity.plan + STAGED_SUFFIX
    drop_database_plan(url, staged)  # what an unfinished replace left behind
    plan = create_database_plan(url, schema=staged)
    try:
        yield plan
    except BaseException:
        plan.close()
        with contextlib.suppress(PlanFileError):  # a server that has gone leaves it for the next replace to drop
            drop_database_plan(url, staged)
        raise
    plan.close()
    _swap_in(url, staged)


def _swap_in(url: str, staged: str) -> None:
    identity = database_identity(url)
    plan, replaced, readable = identity.plan, identity.plan + REPLACED_SUFFIX, readable_schema(identity.plan)
    engine = _engine(url, plan, read_only=False)
    try:
        with engine.begin() as connection:
            # Writers to the plan queue behind the swap, as behind any other write.
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:plan))"), {"plan": plan})
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{replaced}" CASCADE'))
            connection.execute(text(f'ALTER SCHEMA "{plan}" RENAME TO "{replaced}"'))
            connection.execute(text(f'ALTER SCHEMA "{staged}" RENAME TO "{plan}"'))
            fault_point("replace-renamed")
            connection.execute(text(f'DROP SCHEMA "{replaced}" CASCADE'))
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{readable}" CASCADE'))
            if group_roles_exist(connection):  # editors, approvers and reviewers keep their access
                grant_plan(connection, plan)
            fault_point("replace-before-commit")
    except (OperationalError, ProgrammingError) as exc:
        raise _connection_failure(identity, exc) from None
    finally:
        engine.dispose()
