from django.db import migrations

from liaisons.kinds import ensure_default_kinds


def create_default_kinds(apps, schema_editor):
    ensure_default_kinds(
        apps.get_model("liaisons", "EventKind"), apps.get_model("wagtailcore", "Locale")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("liaisons", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_default_kinds, migrations.RunPython.noop)]
