"""Liaisons in the Wagtail admin: one "Volunteering" menu.

Each slice of the part adds its screens to ``VolunteeringGroup.items`` (or registers a
menu item with the ``register_volunteering_menu_item`` hook). Staff review volunteer
events there and add kinds of events; see ``liaisons/admin_views/``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet

from .admin_views.events import EventKindViewSet, EventReviewViewSet


class VolunteeringGroup(ViewSetGroup):
    menu_label = _("Volunteering")
    menu_icon = "group"
    menu_order = 260
    submenu_hook = "register_volunteering_menu_item"
    items = (EventReviewViewSet, EventKindViewSet)


register_snippet(VolunteeringGroup)
