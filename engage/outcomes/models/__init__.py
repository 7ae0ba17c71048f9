"""The outcomes part's models: outcome pages and what they are linked to (``pages``)."""

from .pages import OutcomeIndexPage, OutcomeLink, OutcomeMilestone, OutcomePage

__all__ = ["OutcomeIndexPage", "OutcomeLink", "OutcomeMilestone", "OutcomePage"]
from .rollups import DailyCount, DailyDurations, RollupState  # noqa: E402, F401
