"""Domain errors: every failure a user can meet, phrased so they can act on it.

The command line prints ``str(error)`` as its one line on stderr; the GUI shows
it in a message box. Neither ever shows a traceback for these.
"""


class ElectionPlanError(Exception):
    """Base class for every error the user is meant to read."""


class PlanFileError(ElectionPlanError):
    """The plan file cannot be opened, created or upgraded."""


class ValidationError(ElectionPlanError):
    """A value a user entered or imported breaks a rule of the domain."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ImportFailed(ElectionPlanError):
    """An import was refused as a whole; nothing was changed.

    ``problems`` lists each row-level reason as "row N, column C: reason".
    """

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class NotFound(ElectionPlanError):
    """A record named by the user does not exist."""


class ConflictError(ElectionPlanError):
    """Someone else changed the record since it was read."""


class RulesetError(ElectionPlanError):
    """A ruleset file is invalid; the message names the key and the reason."""


class UsageError(Exception):
    """The command line was used wrongly (exit code 2)."""
