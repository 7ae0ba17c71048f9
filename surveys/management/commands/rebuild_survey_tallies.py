from django.core.management.base import BaseCommand

from surveys import tallies
from surveys.models import SurveyPage


class Command(BaseCommand):
    help = (
        "Recompute the pre-aggregated answer counts of every survey (or of the given ids), "
        "overall and per day, neighborhood and segment: after a bulk load of responses or "
        "a change of TIME_ZONE."
    )

    def add_arguments(self, parser):
        parser.add_argument("survey_ids", nargs="*", type=int)

    def handle(self, *args, survey_ids, **options):
        surveys = SurveyPage.objects.all()
        if survey_ids:
            surveys = surveys.filter(pk__in=survey_ids)
        for survey in surveys.only("pk", "title"):
            tallies.rebuild(survey.pk)
            self.stdout.write(f"{survey.title}: tallies and daily tallies rebuilt")
