"""electionplan: risk-assessed election policing plans for UK police forces."""

__version__ = "0.1.0"
APP_NAME = "electionplan"
