"""The keys a caller's name is found by (as written, and family name first), filled in for
the people already recorded, whose e-mail addresses are also put in lower case."""

from django.db import migrations, models

from engage.reports.contact_center import name_keys, phone_key


def fill_keys(apps, schema_editor):
    Person = apps.get_model("reports", "Person")
    for person in Person.objects.iterator():
        person.name_key, person.surname_key = name_keys(person.name)
        person.phone_key = phone_key(person.phone)
        person.other_phone_key = phone_key(person.other_phone)
        person.email = person.email.strip().lower()
        person.save(
            update_fields=["name_key", "surname_key", "phone_key", "other_phone_key", "email"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_contact_center"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=160),
        ),
        migrations.AddField(
            model_name="person",
            name="surname_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=160),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
