"""The outcomes part's models: outcome pages and what they are linked to (``pages``)."""

from .pages import OutcomeIndexPage, OutcomeLink, OutcomeMilestone, OutcomePage

__all__ = ["OutcomeIndexPage", "OutcomeLink", "OutcomeMilestone", "OutcomePage"]
from .snapshots import MonthlySnapshot  # noqa: E402

__all__ += ["MonthlySnapshot"]
