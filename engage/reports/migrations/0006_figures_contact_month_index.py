"""The contact center's figures read from one index instead of every contact.

The figures count a period's contacts by month, channel and kind, with those resolved on
first contact (``engage/reports/figures.py``). With only the index on ``created_at``, the
database found the period's rows there and then read each row from the table: 2.9 s for
463,000 contacts on SQLite (``bench/README.md``, ``contact-figures``). This index holds
every column the query reads, so it is answered from the index alone (0.7 s on the same
data). The same SQL statement runs on SQLite and PostgreSQL.
"""

from django.db import migrations

INDEX = "reports_contact_figures"


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_intake_person_keys")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON reports_contact "
            "(created_at, channel, kind, resolved_first_contact)",
            f"DROP INDEX {INDEX}",
        )
    ]
