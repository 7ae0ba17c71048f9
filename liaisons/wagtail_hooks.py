"""The liaison network in the Wagtail admin: one "Volunteering" menu that every screen of
the part joins.

The menu is a Wagtail ``Menu`` filled through its own hook, so a screen joins it without
touching this list:

* a menu item: ``@hooks.register(VOLUNTEERING_MENU_HOOK)`` on a function returning a
  ``MenuItem`` (as the figures below);
* a viewset (``ModelViewSet``, ``SnippetViewSet``): ``add_to_admin_menu = True`` and
  ``menu_hook = VOLUNTEERING_MENU_HOOK``.

The group is shown only when the person may see at least one of its items.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .admin_views.figures import FiguresExportView, FiguresView
from .rules import can_see_figures

VOLUNTEERING_MENU_HOOK = "register_volunteering_menu_item"

volunteering_menu = Menu(
    register_hook_name=VOLUNTEERING_MENU_HOOK,
    construct_hook_name="construct_volunteering_menu",
)


@hooks.register("register_admin_menu_item")
def register_volunteering_menu():
    return SubmenuMenuItem(
        _("Volunteering"), volunteering_menu, name="volunteering", icon_name="group", order=270
    )


# --- dash: the program's figures and exports


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_figures(request.user)


@hooks.register(VOLUNTEERING_MENU_HOOK)
def register_figures_menu_item():
    return StaffMenuItem(
        _("Figures and exports"),
        reverse("liaisons_figures"),
        name="volunteering-figures",
        icon_name="table",
        order=900,
    )


@hooks.register("register_admin_urls")
def register_figures_urls():
    return [
        path("volunteering/figures/", FiguresView.as_view(), name="liaisons_figures"),
        path(
            "volunteering/figures/<slug:kind>.csv",
            FiguresExportView.as_view(),
            name="liaisons_figures_export",
        ),
    ]
