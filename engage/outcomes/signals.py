"""Receivers connected in ``OutcomesConfig.ready()``.

Publishing an outcome page — from the editor, a scheduled publication or code — tells
the people behind it the news it brings (``services.announce``). The signal rather than
an admin hook, so that a scheduled publication (``publish_scheduled``) tells them too.
"""

from wagtail.signals import page_published

from .models import OutcomePage
from .services import announce


def announce_on_publish(sender, instance, **kwargs):
    announce(instance)


page_published.connect(announce_on_publish, sender=OutcomePage, dispatch_uid="outcomes-announce")
