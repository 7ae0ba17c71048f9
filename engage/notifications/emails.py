"""Notification e-mails: one small class each, rendered from per-language templates.

A template ``notifications/emails/welcome_subject.txt`` may be shadowed by
``welcome_subject.es.txt`` when a translation needs more than ``{% translate %}`` gives.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string, select_template
from django.urls import reverse
from django.utils.translation import get_language

from engage.core.branding import city_name

from .preferences import ALL_TOPICS, unsubscribe_path
from .topics import all_topics

_EMAILS = {}


def register(email_class):
    topics = all_topics()
    if email_class.topic not in topics:
        raise ValueError(f"{email_class.__name__}.topic must be one of {', '.join(topics)}")
    if email_class.key in _EMAILS:
        raise ValueError(f"An e-mail with key {email_class.key!r} is already registered")
    _EMAILS[email_class.key] = email_class
    return email_class


def get_email_class(key):
    return _EMAILS[key]


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class NotificationEmail:
    key = ""
    topic = ""
    template_prefix = ""

    def get_context(self, user, params):
        """Extra template context; load objects here from the primary keys in ``params``."""
        return {}

    def get_reply_to(self, user, params):
        """Addresses a reply should go to instead of the sender (``Reply-To``).

        Empty by default: replies to a notification go nowhere useful. A message passed on
        from one person to another (a resident writing to a liaison through the site)
        names the writer here, so the recipient answers them directly while neither
        address is shown on the site.
        """
        return []

    def _render(self, suffix, context):
        language = get_language()
        template = select_template(
            [
                f"{self.template_prefix}_{suffix}".replace(".", f".{language}.", 1),
                f"{self.template_prefix}_{suffix}",
            ]
        )
        return template.render(context)

    def build(self, notification):
        """The message for a notification, in the active language (the caller sets it).

        A notification to an address without an account (``notification.user`` empty)
        has no unsubscribe links: there is nothing to unsubscribe from, the person asked
        for this one e-mail.
        """
        user = notification.user
        context = {
            "user": user,
            "site_name": city_name(),
            "site_url": absolute_url("/"),
            "topic": all_topics()[self.topic],
            **self.get_context(user, notification.params),
        }
        headers = {}
        if user is not None:
            unsubscribe_url = absolute_url(unsubscribe_path(user, self.topic))
            context |= {
                "profile_url": absolute_url(reverse("profile")),
                "unsubscribe_url": unsubscribe_url,
                "unsubscribe_all_url": absolute_url(unsubscribe_path(user, ALL_TOPICS)),
            }
            # RFC 8058: mail clients show an "Unsubscribe" button that POSTs here.
            headers = {
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        subject = " ".join(self._render("subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=self._render("body.txt", context),
            to=[user.email if user is not None else notification.email],
            reply_to=self.get_reply_to(user, notification.params),
            headers=headers,
        )
        message.attach_alternative(
            render_to_string(
                "notifications/emails/base.html",
                {
                    **context,
                    "body_html": self._render("body.html", context),
                },
            ),
            "text/html",
        )
        return message


@register
class WelcomeEmail(NotificationEmail):
    key = "welcome"
    topic = "news"
    template_prefix = "notifications/emails/welcome"
