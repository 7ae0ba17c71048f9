"""What the parts declare to the core, so that the core never has to name a part.

A part's AppConfig may set:

* ``demo_content``: the dotted path of a function loading its demo content (``seed_demo``);
* ``role_permissions``: the dotted path of a mapping, role name → the permissions
  (``"app_label.codename"``) that role holds in the part, usually ``<part>.rules
  .ROLE_PERMISSIONS`` (``engage.accounts.roles``);
* ``notification_topics``: the ``Topic``\\ s a person can receive its e-mails about
  (``engage.notifications.topics``). These are the objects themselves, not a path: the
  notification models need them while models are still loading, when no part's module
  may be imported yet;
* ``activity_sections``: the dotted path of a function ``sections(user)`` returning the
  ``ActivitySection``\\ s the part adds to the person's “My activity” page
  (``engage.core.activity``).
"""

from django.apps import apps


def declared(attribute):
    """``(app_config, value)`` for each app that declares ``attribute``, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        value = getattr(app_config, attribute, None)
        if value:
            yield app_config, value
