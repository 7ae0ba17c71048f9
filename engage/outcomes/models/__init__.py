"""The outcomes part's models: outcome pages and what they are linked to (``pages``), the
news told to the people behind them (``announcements``), the "is it really fixed?" checks
(``follow_up``), the part's settings, the figures' daily roll-ups (``rollups``), the
frozen monthly figures (``snapshots``) and the figures prepared ahead for the pages
(``prepared``)."""

from .announcements import Announcement, AnnouncementRecipient
from .follow_up import FixedCheck
from .pages import OutcomeIndexPage, OutcomeLink, OutcomeMilestone, OutcomePage
from .prepared import PreparedFigures
from .rollups import DailyCount, DailyDurations, RollupState
from .settings import OutcomeSettings
from .snapshots import MonthlySnapshot

__all__ = [
    "Announcement",
    "AnnouncementRecipient",
    "DailyCount",
    "DailyDurations",
    "FixedCheck",
    "MonthlySnapshot",
    "OutcomeIndexPage",
    "OutcomeLink",
    "OutcomeMilestone",
    "OutcomePage",
    "OutcomeSettings",
    "PreparedFigures",
    "RollupState",
]
