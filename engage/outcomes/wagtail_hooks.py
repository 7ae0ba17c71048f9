"""The outcomes part in the Wagtail admin."""

from wagtail import hooks

# --- Outcome pages: the choosers of the feedback behind an outcome.
from .choosers import VIEWSETS as FEEDBACK_CHOOSERS


@hooks.register("register_admin_viewset")
def register_feedback_choosers():
    return list(FEEDBACK_CHOOSERS)
