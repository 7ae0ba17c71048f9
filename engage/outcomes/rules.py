"""Who may do what with outcomes.

Outcome pages are pages: staff write, translate and publish them in the Wagtail page tree
under the page permissions every role holds on the tree (``engage.accounts.roles``).
Choosing the feedback behind an outcome opens choosers that list every idea, report,
event and program, duplicates and all: that is for staff (``outcomes.link_feedback``).
"""

from engage.accounts.roles import STAFF

ROLE_PERMISSIONS = {
    STAFF: {
        "outcomes.link_feedback",
        *(
            f"outcomes.{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in ("outcomelink", "outcomemilestone")
        ),
        # The reporters' answers to "is it really fixed?" (read-only) and the delay
        # before they are asked.
        "outcomes.view_fixedcheck",
        "outcomes.change_outcomesettings",
    },
}

# The survey questions whose results an outcome page may show: counted answers. What
# people typed is the survey's to publish, on its own results page, under its own setting.
SHOWN_QUESTION_KINDS = frozenset(
    {"single_choice", "multiple_choice", "rating", "number", "ranking", "matrix"}
)


def can_link_feedback(user):
    return user.is_authenticated and user.is_active and user.has_perm("outcomes.link_feedback")
