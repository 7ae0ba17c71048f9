from allauth.account.adapter import get_adapter
from allauth.account.signals import email_confirmed, password_reset
from django.dispatch import receiver

from engage.accounts import login_limits
from engage.notifications.emails import WelcomeEmail
from engage.notifications.services import notify


@receiver(email_confirmed)
def welcome_new_resident(sender, request, email_address, **kwargs):
    user = email_address.user
    # A later change of address is confirmed too; welcome people only once.
    if email_address.primary and user.emailaddress_set.filter(verified=True).count() == 1:
        notify(user, WelcomeEmail, dedupe_key="welcome")


@receiver(password_reset)
def forgive_failed_log_ins_here(sender, request, user, **kwargs):
    # The owner proved it is theirs: let them log in from here at once with the new password.
    ip = get_adapter(request).get_client_ip(request)
    for address in user.emailaddress_set.all():
        login_limits.forgive(address.email, ip)
