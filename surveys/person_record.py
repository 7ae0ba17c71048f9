"""Which surveys a person answered, for staff reading their record in the contact center
(``engage.core.person_record``).

Only surveys that are not anonymous: their ``Participation`` rows name the person, and
their responses do anyway. Who answered an anonymous survey is a ``RespondentSet``, which
is never read here: the record must not be a way to learn who took part in one."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from engage.core.person_record import EntrySource, TimelineEntry

from .models import Participation


def entries(user):
    return [
        EntrySource(
            rows=Participation.objects.filter(user=user, survey__anonymous=False)
            .select_related("survey")
            .order_by("-created_at", "-pk"),
            entry=_participation,
        )
    ]


def _participation(participation):
    return TimelineEntry(
        when=participation.created_at,
        kind=_("Survey answered"),
        title=participation.survey.title,
        url=reverse("wagtailadmin_pages:edit", args=[participation.survey_id]),
    )
