"""What the parts declare to the core, so that the core never has to name a part.

A part's AppConfig may set:

* ``demo_content``: the dotted path of a function loading its demo content (``seed_demo``);
* ``role_permissions``: the dotted path of a mapping, role name → the permissions
  (``"app_label.codename"``) that role holds in the part, usually ``<part>.rules
  .ROLE_PERMISSIONS`` (``engage.accounts.roles``);
* ``work_waiting``: the dotted path of a function ``(user) -> list[WaitingWork]``, the
  counts of work waiting for that person's role, with links to the filtered admin lists,
  which the core shows as a panel on the Wagtail dashboard (``engage.core.work_waiting``);
  usually ``<part>.admin_home.work_waiting``;
* ``notification_topics``: the ``Topic``\\ s a person can receive its e-mails about
  (``engage.notifications.topics``). These are the objects themselves, not a path: the
  notification models need them while models are still loading, when no part's module
  may be imported yet;
* ``search_sources``: dotted paths of ``engage.core.search.SearchSource`` subclasses, the
  kinds of things the site search finds in the part (``<part>.search``);
* ``home_sections``: dotted paths of ``engage.core.home.HomeSection`` subclasses, what the
  home page shows of the part and the live counts it adds (``<part>.home``);
* ``activity_sections``: the dotted path of a function ``sections(user)`` returning the
  ``ActivitySection``\\ s the part adds to the person's “My activity” page
  (``engage.core.activity``);
* ``neighborhood_sections``: the dotted path of a function ``sections(neighborhood_ids,
  user)`` returning the ``NeighborhoodSection``\\ s the part shows about a few
  neighborhoods to the people who look after them (a liaison's dashboard), usually
  ``<part>.neighborhood.sections`` (``engage.core.neighborhood``);
* ``person_record``: the dotted path of a function ``entries(user)`` returning the
  ``EntrySource``\\ s of what that person did in the part through their account, for the
  contact center's record of a person (``engage.core.person_record``), usually
  ``<part>.person_record.entries``. A part whose people must never appear there
  (youth) declares nothing.
* ``personal_data``: the dotted path of a module with ``records(user)`` (what the part
  holds about that person, for their data download), ``forget(user)`` (anonymise or
  release it when they delete their account) and ``kept()`` (what the privacy page says
  the part keeps, why and how long), usually ``<part>.personal_data``
  (``engage.core.privacy``).
* ``audit_actions``: the dotted path of a list of ``engage.core.audit.AuditAction``\\ s,
  the staff actions the part records in the audit trail, usually ``<part>.audit.ACTIONS``.
"""

from django.apps import apps


def declared(attribute):
    """``(app_config, value)`` for each app that declares ``attribute``, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        value = getattr(app_config, attribute, None)
        if value:
            yield app_config, value
