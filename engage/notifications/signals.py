"""What notifications tell the page cache (connected in ``NotificationsConfig.ready``):
a person's notifications and e-mail choices are theirs, never on a public page."""

from engage.core.page_cache import not_shown_to_visitors

from .models import EmailOptOut, Notification

not_shown_to_visitors(Notification, EmailOptOut)
