"""E-mail owner departments about knowledge-base answers older than their review period.

Run it daily from cron: each department hears once about each answer and due date, however
often the command runs (see ``engage.reports.knowledge.services.remind_reviews``).
"""

from django.core.management.base import BaseCommand

from engage.reports.knowledge.services import answers_due_for_review, remind_reviews


class Command(BaseCommand):
    help = "E-mail each owner department once about every answer due for review."

    def handle(self, *args, **options):
        due = answers_due_for_review()
        queued = remind_reviews()
        without_address = [a for a in due if not (a.owner_department and a.owner_department.email)]
        self.stdout.write(
            f"{len(due)} answers due for review; {len(queued)} reminders queued "
            "(a department hears once about each answer and due date)."
        )
        for answer in without_address:
            self.stderr.write(
                f"No department address to remind about “{answer.title}” (page {answer.pk})."
            )
