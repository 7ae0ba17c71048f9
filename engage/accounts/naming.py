"""How the person who did something is named, to whoever is reading.

Histories and logs name people: who moved a report on, who decided an idea, who hid a
comment, who typed in a paper survey. Every part names them the same way:

- Staff and moderators (anyone holding a role, and superusers) are named to each other in
  the admin by full name, else display name, else e-mail: :func:`staff_name`.
- A resident is named as the page may name them (:func:`actor_name`'s ``residents``): by
  public display name (``PUBLIC_NAME``, never the e-mail address), by e-mail to a reader
  who may see contact details (``EMAIL``), or not at all, as "a resident" (``ANONYMOUS``).
- Nobody (the system did it) is "", so a template can say what fits
  (``{{ who|default:"—" }}``).
"""

from django.utils.translation import gettext as _

from .roles import ROLES, has_role

PUBLIC_NAME = "public_name"
EMAIL = "email"
ANONYMOUS = "anonymous"


def staff_name(user):
    """How staff and moderators are named to each other in the admin; "" for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.display_name or user.email


def actor_name(user, *, residents=PUBLIC_NAME):
    """The name of the person who did something: staff by name, residents by ``residents``."""
    if user is None:
        return ""
    if getattr(user, "erased_at", None) is not None:
        # The account was deleted: what it did stays, by no one who can be named.
        return str(user.public_name)
    if user.is_superuser or has_role(user, *ROLES):
        return staff_name(user)
    if residents == EMAIL:
        return user.email
    if residents == ANONYMOUS:
        return _("a resident")
    return str(user.public_name)
