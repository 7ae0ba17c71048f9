from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from .roles import ROLE_COLLECTION_PERMISSIONS, ROLE_PAGE_PERMISSIONS, ROLES, role_permissions


def _permission(dotted):
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def sync_role_permissions():
    """Give each role group the permissions declared in ``roles.py`` and by the parts.

    Additive and idempotent: permissions staff granted by hand are left alone.
    Runs after ``migrate``, once every app's permissions exist.
    """
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    permissions = role_permissions()
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*(_permission(p) for p in permissions[role]))
        if root_page is not None:
            for codename in ROLE_PAGE_PERMISSIONS[role]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission(f"wagtailcore.{codename}"),
                )
        if root_collection is not None:
            for dotted in ROLE_COLLECTION_PERMISSIONS[role]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(dotted)
                )
