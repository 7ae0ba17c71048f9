"""What the person did in the liaisons part, on their "My activity" page
(see ``engage.core.activity``). Each slice adds its sections to ``sections``."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from engage.core.activity import ActivitySection

from .models import Adoption


def sections(user):
    return [*volunteer_sections(user)]


# --- volunteers


def volunteer_sections(user):
    return [
        ActivitySection(
            key="adoptions",
            title=_("Blocks I adopted"),
            items=Adoption.objects.filter(volunteer__user=user)
            .select_related("neighborhood")
            .order_by(F("ended_at").asc(nulls_first=True), "-created_at", "-pk"),
            template="liaisons/volunteers/includes/activity_adoption.html",
            empty=_("You have not adopted a block yet."),
            order=80,
        )
    ]
