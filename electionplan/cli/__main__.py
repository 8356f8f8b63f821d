"""`python -m electionplan.cli`."""

import sys

from electionplan.cli import main

sys.exit(main())
