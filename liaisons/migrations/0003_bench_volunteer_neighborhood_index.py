"""The liaison dashboard's newest volunteers of a neighborhood, read straight from an index.

The page of volunteers takes the highest volunteer ids of the liaison's neighborhoods from
the volunteers' link table. Django indexes that auto-created table on each column alone
(and on volunteer, neighborhood for its unique constraint), so with 50,000 volunteers
SQLite read every link of the neighborhood and sorted them all for 10 (``bench/README.md``,
``liaisons-dashboard``). An index on (neighborhood, volunteer) gives them in order. An
auto-created table takes no ``Meta.indexes``: hence SQL, the same on SQLite and PostgreSQL.
"""

from django.db import migrations

INDEX = "liaisons_volunteer_neighborhoods_by_neighborhood"


class Migration(migrations.Migration):
    dependencies = [("liaisons", "0002_events_default_kinds")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON liaisons_volunteer_neighborhoods "
            "(neighborhood_id, volunteer_id)",
            f"DROP INDEX {INDEX}",
        )
    ]
