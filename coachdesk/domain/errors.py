"""Errors the domain raises, worded for the coach who will read them."""

from __future__ import annotations


class ValidationError(ValueError):
    """One or more fields are not acceptable. `problems` maps field name to a plain message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        text = "; ".join(f"{field}: {msg}" for field, msg in self.problems.items())
        super().__init__(text or "The record is not valid.")


class DomainRuleError(ValueError):
    """An action breaks a rule of the case record (for example editing a superseded note)."""
