"""The plan's persistence: models, migrations, the store seam, audit and backups."""

# Every table is registered on the metadata whichever model module is imported first.
from electionplan.db import order_models as _order_models  # noqa: F401
