from allauth.account.adapter import get_adapter
from allauth.account.signals import email_confirmed, password_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from engage.accounts import login_limits
from engage.core import audit
from engage.notifications.emails import WelcomeEmail
from engage.notifications.services import notify

User = get_user_model()


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


@receiver(m2m_changed, sender=User.groups.through)
def record_role_change(sender, instance, action, reverse, pk_set, **kwargs):
    # Roles are groups: whichever screen or command changes one, the audit trail has it.
    if action == "pre_clear":
        # clear() names no one: read who loses what before it happens.
        pk_set = set(
            (instance.user_set if reverse else instance.groups).values_list("pk", flat=True)
        )
    elif action not in ("post_add", "post_remove"):
        return
    if not pk_set:
        return
    verb = "engage.role_granted" if action == "post_add" else "engage.role_removed"
    if reverse:  # group.user_set.add(...)
        pairs = ((user, instance) for user in User.objects.filter(pk__in=pk_set))
    else:  # user.groups.add(...)
        pairs = ((instance, group) for group in Group.objects.filter(pk__in=pk_set))
    for user, group in pairs:
        audit.record(user, verb, data={"role": group.name, "group": group.pk})
