"""Who may do what: the four roles and the one-line checks views use.

A role is a Django group of the same name. The groups are created by the migration
``0002_roles``; the permissions each one holds are the core's, below, plus what every part
declares (``role_permissions`` on its AppConfig, see ``engage.core.parts``), applied after
every ``migrate`` (see ``permissions.sync_role_permissions``), so a part that lands later
declares its own and every database picks them up.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.module_loading import import_string

from engage.core.parts import declared

STAFF = "Staff"
MODERATOR = "Moderator"
LIAISON = "Liaison"
EDUCATOR = "Educator"
ROLES = (STAFF, MODERATOR, LIAISON, EDUCATOR)

# Staff run the whole platform, so a staff member passes every role check.
ROLES_IMPLIED_BY = {STAFF: set(ROLES)}

# Model permissions ("app_label.codename") each role holds in the core; the parts add theirs.
ROLE_PERMISSIONS = {
    STAFF: {
        "wagtailadmin.access_admin",
        "neighborhoods.add_neighborhood",
        "neighborhoods.change_neighborhood",
        "neighborhoods.delete_neighborhood",
        "neighborhoods.view_neighborhood",
        "simple_translation.submit_translation",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    },
    MODERATOR: {
        "wagtailadmin.access_admin",
    },
    LIAISON: set(),
    EDUCATOR: set(),
}

# Wagtail page permissions, granted on the root of the page tree.
ROLE_PAGE_PERMISSIONS = {
    STAFF: {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
    MODERATOR: {"change_page", "publish_page"},
    LIAISON: set(),
    EDUCATOR: set(),
}

# Wagtail image and document permissions, granted on the root collection.
ROLE_COLLECTION_PERMISSIONS = {
    STAFF: {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
    },
    MODERATOR: {"wagtailimages.choose_image", "wagtaildocs.choose_document"},
    LIAISON: set(),
    EDUCATOR: set(),
}


def role_permissions():
    """Every role's model permissions: the core's and those each part declares."""
    merged = {role: set(permissions) for role, permissions in ROLE_PERMISSIONS.items()}
    for app_config, path in declared("role_permissions"):
        for role, permissions in import_string(path).items():
            if role not in merged:
                raise ImproperlyConfigured(f"{app_config.label} declares an unknown role {role!r}")
            merged[role] |= set(permissions)
    return merged


def role_names(user):
    """The roles a user holds, implied ones included (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_engage_role_names", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(ROLES)
        else:
            held = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
            for role in list(held):
                held |= ROLES_IMPLIED_BY.get(role, set())
            cached = frozenset(held)
        user._engage_role_names = cached
    return cached


def has_role(user, *roles):
    """True when the user holds at least one of ``roles``."""
    return bool(role_names(user) & set(roles))


def role_required(*roles):
    """View decorator: ``@role_required(LIAISON)`` lets in liaisons (and staff).

    Anonymous visitors are sent to log in; a signed-in user without the role gets 403.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown role(s): {', '.join(sorted(unknown))}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin(AccessMixin):
    """Class-based views: ``required_roles = (LIAISON,)``."""

    required_roles = ()
    raise_exception = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, *self.required_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
