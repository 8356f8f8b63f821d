"""Subcommands beyond the foundation's, each registered on the parser."""

from __future__ import annotations

REGISTRARS: list = []
