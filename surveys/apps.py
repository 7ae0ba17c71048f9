from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    label = "surveys"
    verbose_name = _("Surveys")
    # Called by `manage.py seed_demo` (see engage.core's seed_demo command).
    demo_content = "surveys.demo.load_demo_surveys"
