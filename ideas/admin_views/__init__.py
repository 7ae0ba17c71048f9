"""The staff side of ideas in the Wagtail admin: lists, queues, one idea's page and actions.

Every action goes through ``ideas.services`` with ``request.user`` as the moderator or
staff member, so it is checked by ``ideas.rules`` inside its transaction and recorded
(``ModerationAction`` or ``StatusChange``) with who and when; a refused action comes
back as ``services.IdeaError`` and is shown on the form, with what was typed kept.

Who may do what (see ``engage/accounts/roles.py``): moderators (``ideas.moderate_idea``)
publish, hide, restore, dismiss flags and block; staff (``ideas.decide_idea``) also
decide statuses with an official answer and merge ideas. Counts and statuses are never
edited by hand: there is no edit form for an idea, only these actions.

``lists`` holds the snippet index views (and the stand-ins for the URLs these records do
not have), ``queues`` the moderation queues, ``detail`` an idea's and a comment's admin
page, ``actions`` the actions' forms, and ``common`` what they share. The viewsets that
mount them are in ``ideas/wagtail_hooks.py``.
"""
