"""What the liaisons part does when another part changes something (connected in
``LiaisonsConfig.ready``). Reports never import liaisons: liaisons listens instead."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from engage.reports.models import ServiceReport

from .services.adoptions import notify_adopters

# --- volunteers


@receiver(post_save, sender=ServiceReport, dispatch_uid="liaisons-adopted-area-report")
def tell_adopters_of_new_report(sender, instance, created, raw=False, **kwargs):
    """A report filed inside an adopted area reaches its adopter, once the filing commits.

    ``robust``: a failure here is logged and never turns a filed report into an error page.
    """
    if created and not raw and instance.lat is not None and instance.lng is not None:
        transaction.on_commit(partial(notify_adopters, instance.pk), robust=True)
