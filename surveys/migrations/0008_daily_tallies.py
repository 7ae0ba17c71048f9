"""The daily tallies, filled in from the answers already stored.

Written against the models as they are at this migration, not with ``surveys.tallies``
(whose code follows the models as they are later): each response adds, to the cell of
its day (in the site's time zone), neighborhood and segment, one response, one "answered"
per question and one count per stored row of a question that is not a text or a date, as
``tallies.keys_for`` does. Answers to questions no longer in the survey are left out, as
``tallies.computed_counts`` leaves them out.
"""

import secrets
from collections import Counter, defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

ANSWERED = "*"
ANSWERED_ONLY_KINDS = {"short_text", "long_text", "date"}
QUESTION_KINDS = {
    "short_text", "long_text", "single_choice", "multiple_choice", "rating", "number", "date",
    "ranking", "matrix",
}  # fmt: skip
RANDOM_KEY_MIN, RANDOM_KEY_MAX = 2**32, 2**62


def _random_key():
    return RANDOM_KEY_MIN + secrets.randbelow(RANDOM_KEY_MAX - RANDOM_KEY_MIN)


def _cell_counts(Response, Answer, survey):
    kinds = {
        str(block["id"]): block["type"]
        for block in survey.questions.raw_data
        if block.get("type") in QUESTION_KINDS
    }
    cells = {}
    by_cell = defaultdict(Counter)
    responses = Response.objects.filter(survey_id=survey.pk).values_list(
        "pk", "submitted_at", "neighborhood_id", "segment"
    )
    for pk, submitted_at, neighborhood_id, segment in responses.iterator(chunk_size=5000):
        cell = (timezone.localdate(submitted_at), neighborhood_id or 0, segment)
        cells[pk] = cell
        by_cell[cell][("", ANSWERED, "", 0.0)] += 1
    # In response order, so that only the current response's questions are remembered.
    answers = (
        Answer.objects.filter(survey_id=survey.pk)
        .order_by("response_id")
        .values_list("response_id", "question", "option", "row", "number")
    )
    current, answered = None, set()
    for response_id, question, option, row, number in answers.iterator(chunk_size=5000):
        kind = kinds.get(question)
        cell = cells.get(response_id)
        if kind is None or cell is None:
            continue
        if response_id != current:
            current, answered = response_id, set()
        counter = by_cell[cell]
        if question not in answered:
            answered.add(question)
            counter[(question, ANSWERED, "", 0.0)] += 1
        if kind not in ANSWERED_ONLY_KINDS:
            counter[(question, option, row, float(number or 0))] += 1
    return by_cell


def fill_daily_tallies(apps, schema_editor):
    SurveyPage = apps.get_model("surveys", "SurveyPage")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    DailyTally = apps.get_model("surveys", "DailyTally")
    surveys = SurveyPage.objects.filter(
        pk__in=Response.objects.values("survey_id").distinct()
    ).only("pk", "questions")
    for survey in surveys:
        rows = [
            DailyTally(
                id=_random_key(),
                survey_id=survey.pk,
                day=day,
                neighborhood_key=neighborhood_key,
                segment=segment,
                question=question,
                option=option,
                row=row,
                number=number,
                count=count,
            )
            for (day, neighborhood_key, segment), counter in sorted(
                _cell_counts(Response, Answer, survey).items()
            )
            for (question, option, row, number), count in sorted(counter.items())
        ]
        DailyTally.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0007_response_wants_outcome"),
    ]

    operations = [
        migrations.CreateModel(
            name="DailyTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("neighborhood_key", models.BigIntegerField(default=0)),
                ("segment", models.CharField(blank=True, default="", max_length=120)),
                ("question", models.CharField(max_length=36)),
                ("option", models.CharField(blank=True, default="", max_length=36)),
                ("row", models.CharField(blank=True, default="", max_length=36)),
                ("number", models.FloatField(default=0)),
                ("count", models.BigIntegerField(default=0)),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.surveypage",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=[
                            "survey",
                            "neighborhood_key",
                            "day",
                            "question",
                            "option",
                            "row",
                            "number",
                            "count",
                        ],
                        name="daily_tally_by_neighborhood",
                    ),
                    models.Index(
                        fields=[
                            "survey",
                            "segment",
                            "day",
                            "question",
                            "option",
                            "row",
                            "number",
                            "count",
                        ],
                        name="daily_tally_by_segment",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "survey",
                            "day",
                            "neighborhood_key",
                            "segment",
                            "question",
                            "option",
                            "row",
                            "number",
                        ),
                        name="one_daily_tally_per_key",
                    )
                ],
            },
        ),
        migrations.RunPython(fill_daily_tallies, migrations.RunPython.noop),
    ]
