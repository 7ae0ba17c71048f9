"""The work waiting for staff, shown on the Wagtail admin's dashboard.

A part declares ``work_waiting`` on its AppConfig (see ``engage.core.parts``): the dotted
path of a function ``(user) -> list[WaitingWork]`` giving the counts of what that person's
role can act on, each with a link to the admin list filtered to just those items. An empty
list means nothing for this person: the part shows no panel. The core's
``construct_homepage_panels`` hook (``engage/core/wagtail_hooks.py``) renders one panel per
part, so a part that lands later (liaison applications, youth reports to review) adds its
panel by declaring it, and the core never names a part.

Each function should count with one or two aggregate queries: the dashboard is the first
page staff open, and ``tests/core/test_work_waiting.py`` holds its query count.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.admin.ui.components import Component

from .parts import declared


@dataclass(frozen=True)
class WaitingWork:
    """One count on the dashboard: "3 ideas awaiting moderation" → the moderation queue."""

    label: str
    count: int
    url: str
    # Shown as needing attention (an overdue report) rather than routine work.
    urgent: bool = False


def local_today_range(now=None):
    """The start of today and of tomorrow in the site's time zone (for "today" counts)."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


class WorkWaitingPanel(Component):
    """One part's counts, as a dashboard panel with Wagtail's look."""

    template_name = "core/admin/work_waiting_panel.html"
    order = 50  # above Wagtail's own panels (moderation 210, recent edits 250, …)

    class Media:
        css = {"all": ["css/admin-work-waiting.css"]}

    def __init__(self, name, heading, items):
        self.name = name
        self.heading = heading
        self.items = items

    def get_context_data(self, parent_context=None):
        return {
            "panel_id": f"work-waiting-{self.name}",
            "heading": self.heading,
            "items": self.items,
        }


def work_waiting_panels(user):
    """A panel for each part that has work waiting for ``user``'s role, in part order."""
    panels = []
    for app_config, path in declared("work_waiting"):
        items = import_string(path)(user)
        if items:
            panels.append(WorkWaitingPanel(app_config.label, app_config.verbose_name, items))
    return panels
