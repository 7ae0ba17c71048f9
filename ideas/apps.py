from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    label = "ideas"
    verbose_name = _("Ideas")
    # Called by `manage.py seed_demo` (see engage.core's seed_demo command).
    demo_content = "ideas.demo.load_demo_ideas"
