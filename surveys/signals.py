"""Receivers the surveys part connects in ``SurveysConfig.ready()``.

A neighborhood deleted sets its responses' neighborhood to none (``SET_NULL``); the daily
tallies keep the neighborhood's id in a plain column, so their rows move to "no
neighborhood" in the same transaction.
"""

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models.signals import pre_delete

from . import tallies
from .models import DailyTally


def move_daily_tallies_to_no_neighborhood(sender, instance, **kwargs):
    rows = DailyTally.objects.filter(neighborhood_key=instance.pk)
    with transaction.atomic():
        moved = defaultdict(Counter)
        for survey_id, day, segment, question, option, row, number, count in rows.values_list(
            "survey_id", "day", "segment", "question", "option", "row", "number", "count"
        ):
            moved[(survey_id, day, segment)][(question, option, row, number)] += count
        for (survey_id, day, segment), counter in sorted(moved.items()):
            tallies.add_daily(survey_id, (day, 0, segment), counter)
        rows.delete()


def connect():
    pre_delete.connect(
        move_daily_tallies_to_no_neighborhood,
        sender="neighborhoods.Neighborhood",
        dispatch_uid="surveys_daily_tallies_neighborhood_deleted",
    )
