"""Stemming in SQLite's full-text index: "park" finds "parks" and "parking".

Wagtail's database search backend creates its FTS5 table with FTS5's default tokenizer
(``unicode61``), which matches whole words only. FTS5's built-in ``porter`` tokenizer
stems both what is indexed and what is searched (quoted terms in a MATCH go through the
table's tokenizer too), with no Python in the loop. ``remove_diacritics 2`` lets
"parque" find "párque" and the like. The Porter stemmer is English; Spanish plurals in
-s (parques, calles) fall on the same stem as their singular, plurals in -es after a
consonant (flores) do not. See docs/architecture.md, "Search".

The table is rebuilt from the index entries it mirrors (the backend's triggers keep the
two in step and refer to it by name, so they keep working). On PostgreSQL this does
nothing: its full-text search stems with the ``SEARCH_CONFIG`` of the search backend.

It also tells SQLite's query planner (``sqlite_stat1``) that one content type holds many
index entries. A search of one model asks for the entries that match the words AND are of
that model's content type. Without statistics SQLite guesses that an equality on the
content type index is selective, walks every entry of the type and runs the full-text
match once per entry: 0.6 s for 2,000 ideas, 1.9 s for 5,000 reports (bench ``search``).
With the statistics it runs the match once and looks the few matches up by id, as it
already does for pages (several content types). ``ANALYZE`` writes real figures over
these, which lead to the same plan.
"""

from django.db import migrations

FTS = "wagtailsearch_indexentry_fts"
ENTRIES = "wagtailsearch_indexentry"


def _rebuild(schema_editor, tokenizer):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS])
        if cursor.fetchone() is None:
            return  # SQLite without FTS5: the backend falls back to a plain LIKE search
        cursor.execute(f"DROP TABLE {FTS}")
        options = f", tokenize = '{tokenizer}'" if tokenizer else ""
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title{options})")
        cursor.execute(
            f"INSERT INTO {FTS} (rowid, title, body, autocomplete) "  # noqa: S608 (constants)
            f"SELECT id, title, body, autocomplete FROM {ENTRIES}"
        )


# Rows in the table, then rows per distinct value of each column of the index in turn.
ENTRIES_STAT = "1000000 100000"


def _steer_planner(schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ENTRIES}")  # creates sqlite_stat1 if it is missing
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [ENTRIES])
        cursor.execute(f"PRAGMA index_list({ENTRIES})")
        for index_name in [row[1] for row in cursor.fetchall()]:
            cursor.execute(f'PRAGMA index_info("{index_name}")')
            columns = [row[2] for row in cursor.fetchall()]
            if columns and columns[0] == "content_type_id":
                stat = ENTRIES_STAT + " 1" * (len(columns) - 1)
                cursor.execute(
                    "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)",
                    [ENTRIES, index_name, stat],
                )


def stem(apps, schema_editor):
    _rebuild(schema_editor, "porter unicode61 remove_diacritics 2")
    _steer_planner(schema_editor)


def unstem(apps, schema_editor):
    _rebuild(schema_editor, None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_call_to_action_links"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(stem, unstem, elidable=False)]
