from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from engage.notifications.emails import WelcomeEmail
from engage.notifications.services import notify


@receiver(email_confirmed)
def welcome_new_resident(sender, request, email_address, **kwargs):
    user = email_address.user
    # A later change of address is confirmed too; welcome people only once.
    if email_address.primary and user.emailaddress_set.filter(verified=True).count() == 1:
        notify(user, WelcomeEmail, dedupe_key="welcome")
