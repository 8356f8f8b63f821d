"""The plan's persistence: models, migrations, the store seam, audit and backups."""
