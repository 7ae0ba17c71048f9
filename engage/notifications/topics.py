"""The subjects a person can receive e-mail about, each of which they can turn off.

The core has one topic of its own (news from the platform); every part declares its
own on its AppConfig (``notification_topics``, see ``engage.core.parts``), so the
preferences page lists exactly the parts that are installed.
"""

from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from engage.core.parts import declared


@dataclass(frozen=True)
class Topic:
    key: str
    label: Promise


CORE_TOPICS = (Topic("news", _("Welcome messages and news from Engage")),)


@cache
def all_topics():
    """Every topic by key: the parts' in INSTALLED_APPS order, then the core's."""
    topics = {}
    for app_config, declared_topics in declared("notification_topics"):
        for topic in declared_topics:
            if topic.key in topics:
                raise ImproperlyConfigured(
                    f"{app_config.label} declares the notification topic {topic.key!r} twice"
                )
            topics[topic.key] = topic
    for topic in CORE_TOPICS:
        topics.setdefault(topic.key, topic)
    return topics


def topic_choices():
    """Choices for the topic fields; a callable, so that models load before the parts."""
    return [(key, topic.label) for key, topic in all_topics().items()]
