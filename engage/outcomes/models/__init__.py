"""The outcomes part's models: outcome pages and what they are linked to (``pages``)."""

from .announcements import Announcement, AnnouncementRecipient
from .follow_up import FixedCheck
from .pages import OutcomeIndexPage, OutcomeLink, OutcomeMilestone, OutcomePage
from .settings import OutcomeSettings
from .snapshots import MonthlySnapshot

__all__ = ["OutcomeIndexPage", "OutcomeLink", "OutcomeMilestone", "OutcomePage"]


__all__ += ["Announcement", "AnnouncementRecipient"]


__all__ += ["FixedCheck", "OutcomeSettings"]


__all__ += ["MonthlySnapshot"]
