"""Each answer keeps its response's date, and the typed answers get an index by it.

The results list a question's typed answers newest first by the date of the response.
Ordered through the response, PostgreSQL's planner misjudges how many rows of a question
are "Other" texts (question, option and text are far from independent) and reads every
answer of the table to find the newest twenty. With the date on the answer, one index
holds the list in its order, and a page is a short walk down it on both databases.

One UPDATE copies the dates of the answers already stored (a response's date never
changes), before the column is made NOT NULL.
"""

from django.db import migrations, models

COPY_DATES = """
UPDATE surveys_answer SET submitted_at = (
    SELECT surveys_response.submitted_at FROM surveys_response
    WHERE surveys_response.id = surveys_answer.response_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0008_daily_tallies"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="submitted_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunSQL(COPY_DATES, migrations.RunSQL.noop, elidable=True),
        migrations.AlterField(
            model_name="answer",
            name="submitted_at",
            field=models.DateTimeField(editable=False),
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                condition=models.Q(("text", ""), _negated=True),
                fields=["survey", "question", "option", "submitted_at", "id"],
                name="surveys_answer_texts",
            ),
        ),
    ]
