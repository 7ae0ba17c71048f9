"""Manage Open311 API keys: ``create NAME``, ``list``, ``revoke PREFIX``."""

from django.core.management.base import BaseCommand, CommandError

from engage.reports.models import Open311ApiKey
from engage.reports.open311 import keys


class Command(BaseCommand):
    help = "Create, list or revoke the API keys Open311 clients send as api_key."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make a key and print it (only this once).")
        create.add_argument("name", help="Who the key is for, e.g. 'SeeClickFix'.")
        actions.add_parser("list", help="Show every key: prefix, name, state, last use.")
        revoke = actions.add_parser("revoke", help="Stop accepting a key.")
        revoke.add_argument("prefix", help="The first 8 characters of the key.")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_create(self, name, **options):
        name = name.strip()
        if not name:
            raise CommandError("Give the key a name.")
        key, plain = keys.create_key(name)
        self.stderr.write(
            f"Created {key}. Give this key to the client now; it cannot be shown again:"
        )
        self.stdout.write(plain)

    def handle_list(self, **options):
        found = Open311ApiKey.objects.order_by("name", "created_at")
        if not found:
            self.stdout.write("No Open311 API keys.")
        for key in found:
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            self.stdout.write(
                f"{key.prefix}  {key.name}  {state}  created {key.created_at:%Y-%m-%d}"
                f"  last used {used}"
            )

    def handle_revoke(self, prefix, **options):
        matches = list(Open311ApiKey.objects.filter(prefix=prefix.strip()))
        if not matches:
            raise CommandError(f"No key starts with {prefix!r}.")
        if len(matches) > 1:
            raise CommandError(f"Several keys start with {prefix!r}; revoke them in the admin.")
        key = matches[0]
        if key.revoked_at:
            self.stdout.write(f"{key} was already revoked.")
            return
        keys.revoke(key)
        self.stdout.write(f"Revoked {key}.")
