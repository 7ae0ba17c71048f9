"""The subjects a person can receive e-mail about, each of which they can turn off."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Topic:
    key: str
    label: Promise


TOPICS = {
    topic.key: topic
    for topic in (
        Topic("reports", _("Problems I reported or follow")),
        Topic("ideas", _("Ideas I proposed, voted on or follow")),
        Topic("events", _("Volunteer events I signed up for")),
        Topic("surveys", _("New surveys for my neighborhood")),
        Topic("outcomes", _("What the city did with feedback I gave")),
        Topic("news", _("Welcome messages and news from Engage")),
    )
}
