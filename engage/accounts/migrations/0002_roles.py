"""Create the four role groups and retire Wagtail's default "Editors" and "Moderators".

Wagtail's defaults would sit beside our "Moderator" group and confuse whoever assigns
roles; Engage's roles are documented in docs/roles.md. Permissions are attached after
every migrate by ``engage.accounts.permissions.sync_role_permissions``.
"""

from django.db import migrations

ROLES = ("Staff", "Moderator", "Liaison", "Educator")
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
