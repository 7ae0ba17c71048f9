"""What an educator sees of youth programs on their "My activity" page (see
``engage.core.activity``): the programs they run, each linking to its page in the educator
area. Only for educators: everyone else has nothing to see here."""

from django.utils.translation import gettext_lazy as _

from engage.accounts.roles import EDUCATOR, has_role
from engage.core.activity import ActivitySection

from .models import Program


def sections(user):
    # Staff hold every role; they see the programs they are named on, like any educator
    # (every program is in the educator area and the admin).
    if not has_role(user, EDUCATOR):
        return []
    return [
        ActivitySection(
            key="youth-programs",
            title=_("My youth programs"),
            items=Program.objects.for_educator(user).order_by("-starts_on", "name", "pk"),
            template="youth/educator/includes/activity_program.html",
            empty=_("You are not named on a youth program yet."),
            order=90,
        )
    ]
