from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from engage.core import privacy


class Command(BaseCommand):
    help = (
        "Delete a resident's account as they would from their privacy page, for a person "
        "who asked by phone, letter or at the counter: identity blanked, contributions kept "
        "and counted as by 'a former resident'. Staff accounts are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the account's e-mail address")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the e-mail address {email!r}.")
        try:
            erased = privacy.erase(user)
        except privacy.ErasureRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Deleted the account {erased.pk}: it is now {erased.email}.")
