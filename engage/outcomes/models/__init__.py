"""The outcomes part's models: outcome pages and what they are linked to (``pages``)."""

from .pages import OutcomeIndexPage, OutcomeLink, OutcomeMilestone, OutcomePage

__all__ = ["OutcomeIndexPage", "OutcomeLink", "OutcomeMilestone", "OutcomePage"]
from .announcements import Announcement, AnnouncementRecipient  # noqa: E402

__all__ += ["Announcement", "AnnouncementRecipient"]
from .follow_up import FixedCheck  # noqa: E402
from .settings import OutcomeSettings  # noqa: E402

__all__ += ["FixedCheck", "OutcomeSettings"]
from .snapshots import MonthlySnapshot  # noqa: E402

__all__ += ["MonthlySnapshot"]
